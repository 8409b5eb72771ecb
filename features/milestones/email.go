package milestones

import (
	"bytes"
	"embed"
	"fmt"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"
)

//go:embed templates/*.tmpl
var templateFS embed.FS

// mailTemplates are the congratulatory email's subject, text and HTML.
type mailTemplates struct {
	subject *texttemplate.Template
	text    *texttemplate.Template
	html    *htmltemplate.Template
}

// achievedMail is what the templates are given.
type achievedMail struct {
	// FirstName is the customer's first name, as greeted.
	FirstName string
	// Milestone is the milestone's name.
	Milestone string
	// Count is the customer's active bookings within the interval.
	Count int
	// SessionCount is the milestone's goal.
	SessionCount int
	// Interval is the interval in words: "1 month", "2 weeks".
	Interval string
	GymName  string
}

func parseTemplates() (*mailTemplates, error) {
	var t mailTemplates
	var err error
	if t.subject, err = texttemplate.ParseFS(templateFS, "templates/achieved.subject.tmpl"); err != nil {
		return nil, fmt.Errorf("email templates: %w", err)
	}
	if t.text, err = texttemplate.ParseFS(templateFS, "templates/achieved.txt.tmpl"); err != nil {
		return nil, fmt.Errorf("email templates: %w", err)
	}
	if t.html, err = htmltemplate.ParseFS(templateFS, "templates/achieved.html.tmpl"); err != nil {
		return nil, fmt.Errorf("email templates: %w", err)
	}
	return &t, nil
}

// render returns the subject (one line), the text and the HTML.
func (t *mailTemplates) render(d achievedMail) (subject, text, html string, err error) {
	var s, tx, h bytes.Buffer
	if err := t.subject.Execute(&s, d); err != nil {
		return "", "", "", fmt.Errorf("render subject: %w", err)
	}
	if err := t.text.Execute(&tx, d); err != nil {
		return "", "", "", fmt.Errorf("render text: %w", err)
	}
	if err := t.html.Execute(&h, d); err != nil {
		return "", "", "", fmt.Errorf("render html: %w", err)
	}
	return strings.Join(strings.Fields(s.String()), " "), tx.String(), h.String(), nil
}
