package milestones

import (
	"strings"
	"testing"
)

func TestRenderAchievedMail(t *testing.T) {
	tmpl, err := parseTemplates()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name                  string
		data                  achievedMail
		subject               string
		inText, inHTML, notIn []string
	}{
		{
			name:    "goal reached exactly",
			data:    achievedMail{FirstName: "Ada", Milestone: "Ten a month", Count: 10, SessionCount: 10, Interval: "1 month", GymName: "Iron Temple"},
			subject: `Congratulations, Ada: milestone "Ten a month" reached`,
			inText:  []string{"Hi Ada,", `"Ten a month"`, "10 sessions booked within 1 month.", "Iron Temple"},
			inHTML:  []string{"Hi Ada,", "<strong>Ten a month</strong>", "10 sessions</strong> booked within 1 month.", "Iron Temple"},
			notIn:   []string{"goal was"},
		},
		{
			name:    "above the goal, one session",
			data:    achievedMail{FirstName: "Bo", Milestone: "First", Count: 1, SessionCount: 1, Interval: "1 day", GymName: "G"},
			subject: `Congratulations, Bo: milestone "First" reached`,
			inText:  []string{"1 session booked within 1 day."},
			inHTML:  []string{"1 session</strong>"},
		},
		{
			name:    "names are escaped in HTML only; the subject is one line",
			data:    achievedMail{FirstName: "<b>Eve</b>", Milestone: "A\nB & C", Count: 12, SessionCount: 8, Interval: "2 weeks", GymName: "G"},
			subject: `Congratulations, <b>Eve</b>: milestone "A B & C" reached`,
			inText:  []string{"Hi <b>Eve</b>,", "12 sessions booked within 2 weeks (the goal was 8)."},
			inHTML:  []string{"Hi &lt;b&gt;Eve&lt;/b&gt;,", "A\nB &amp; C", "(the goal was 8)"},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			subject, text, html, err := tmpl.render(c.data)
			if err != nil {
				t.Fatal(err)
			}
			if subject != c.subject {
				t.Errorf("subject %q, want %q", subject, c.subject)
			}
			for _, s := range c.inText {
				if !strings.Contains(text, s) {
					t.Errorf("text lacks %q:\n%s", s, text)
				}
			}
			for _, s := range c.inHTML {
				if !strings.Contains(html, s) {
					t.Errorf("html lacks %q:\n%s", s, html)
				}
			}
			for _, s := range c.notIn {
				if strings.Contains(text, s) || strings.Contains(html, s) {
					t.Errorf("mail contains %q", s)
				}
			}
		})
	}
}
