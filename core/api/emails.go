package api

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/gymtastic/gymtastic/core"
)

// Email is an outbox email as the API shows it.
type Email struct {
	ID        int64      `json:"id"`
	To        string     `json:"to"`
	Subject   string     `json:"subject"`
	Kind      string     `json:"kind"`
	Status    string     `json:"status" enum:"pending,sent,failed"`
	Attempts  int        `json:"attempts"`
	LastError string     `json:"last_error"`
	MessageID string     `json:"message_id"`
	CreatedAt time.Time  `json:"created_at"`
	SentAt    *time.Time `json:"sent_at" nullable:"true"`
}

func emailOut(e *core.Email) Email {
	return Email{ID: e.ID, To: e.ToAddress, Subject: e.Subject, Kind: e.Kind, Status: e.Status, Attempts: e.Attempts,
		LastError: e.LastError, MessageID: e.MessageID, CreatedAt: e.CreatedAt.UTC(), SentAt: UTCPtr(e.SentAt)}
}

type emailList struct {
	ListParams
	Status string `query:"status" enum:"pending,sent,failed," doc:"pending, sent or failed."`
	Kind   string `query:"kind" doc:"What caused the email, such as milestone_achieved."`
	To     string `query:"to" doc:"Recipient address, ignoring case."`
}

func emailRoutes(api huma.API, svc *core.Service) {
	const tag = "Emails"
	huma.Register(api, Op(StaffOnly, http.MethodGet, "/emails", "list-emails", tag, "List outbox emails",
		"Every email is written to the outbox in the transaction of the change that caused it, then delivered in the "+
			"background with retries. Read-only."),
		func(ctx context.Context, in *emailList) (*List[Email], error) {
			rows, more, err := svc.ListEmails(ctx, core.EmailFilter{Status: in.Status, Kind: in.Kind, To: in.To}, in.Page())
			if err != nil {
				return nil, err
			}
			return NewList(ctx, Map(rows, emailOut), more, in.ListParams), nil
		})
	huma.Register(api, Op(StaffOnly, http.MethodGet, "/emails/{id}", "get-email", tag, "Get an outbox email", ""),
		func(ctx context.Context, in *IDPath) (*Output[Email], error) {
			e, err := svc.GetEmail(ctx, in.ID)
			if err != nil {
				return nil, err
			}
			return &Output[Email]{emailOut(e)}, nil
		})
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }
