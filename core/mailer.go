package core

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/wneessen/go-mail"

	"github.com/gymtastic/gymtastic/config"
)

// Sender delivers one outbox email. An error means it was not delivered
// and may be retried.
type Sender interface {
	Send(ctx context.Context, e *Email) error
}

// SMTPSender delivers through the SMTP relay of mail.smtp, with
// github.com/wneessen/go-mail, one connection per email.
type SMTPSender struct {
	client *mail.Client
	from   string
}

// NewSMTPSender builds the sender for cfg: mail.smtp.tls is "starttls"
// (STARTTLS required), "opportunistic" (STARTTLS when offered), "tls"
// (implicit TLS, usually port 465) or "none"; a username turns on SMTP
// authentication with the best mechanism the server offers.
func NewSMTPSender(cfg config.Mail) (*SMTPSender, error) {
	opts := []mail.Option{mail.WithPort(cfg.SMTP.Port), mail.WithTimeout(30 * time.Second)}
	switch cfg.SMTP.TLS {
	case "tls":
		opts = append(opts, mail.WithSSL())
	case "opportunistic":
		opts = append(opts, mail.WithTLSPolicy(mail.TLSOpportunistic))
	case "none":
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	default:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	}
	if cfg.SMTP.Username != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover),
			mail.WithUsername(cfg.SMTP.Username), mail.WithPassword(cfg.SMTP.Password))
	}
	client, err := mail.NewClient(cfg.SMTP.Host, opts...)
	if err != nil {
		return nil, fmt.Errorf("mail.smtp: %w", err)
	}
	if err := mail.NewMsg().From(cfg.From); err != nil {
		return nil, fmt.Errorf("mail.from: %q is not an email address: %w", cfg.From, err)
	}
	return &SMTPSender{client: client, from: cfg.From}, nil
}

// Send delivers e with its stored Message-ID, so that a retried delivery is
// the same message.
func (s *SMTPSender) Send(ctx context.Context, e *Email) error {
	m, err := s.message(e)
	if err != nil {
		return err
	}
	if err := s.client.DialAndSendWithContext(ctx, m); err != nil {
		return fmt.Errorf("smtp: %w", err)
	}
	return nil
}

func (s *SMTPSender) message(e *Email) (*mail.Msg, error) {
	m := mail.NewMsg(mail.WithNoDefaultUserAgent())
	if err := m.From(s.from); err != nil {
		return nil, fmt.Errorf("from %q: %w", s.from, err)
	}
	if err := m.To(e.ToAddress); err != nil {
		return nil, fmt.Errorf("to %q: %w", e.ToAddress, err)
	}
	m.Subject(e.Subject)
	m.SetMessageIDWithValue(strings.Trim(e.MessageID, "<>"))
	m.SetDateWithValue(e.CreatedAt)
	m.SetGenHeader("Auto-Submitted", "auto-generated")
	m.SetBodyString(mail.TypeTextPlain, e.BodyText)
	if e.BodyHTML != "" {
		m.AddAlternativeString(mail.TypeTextHTML, e.BodyHTML)
	}
	return m, nil
}

// LogSender writes emails to the log instead of sending them: the
// dispatcher's sender when mail.smtp.host is empty (development, demos).
type LogSender struct {
	Logger *slog.Logger
}

// Send logs e, text part included.
func (l *LogSender) Send(ctx context.Context, e *Email) error {
	l.Logger.InfoContext(ctx, "email logged, not sent (mail.smtp.host is empty)", "email", e.ID, "kind", e.Kind,
		"to", e.ToAddress, "subject", e.Subject, "message_id", e.MessageID, "text", e.BodyText)
	return nil
}
