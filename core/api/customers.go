package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/gymtastic/gymtastic/core"
)

// Customer is a customer as the API shows and takes it.
type Customer struct {
	ID        int64     `json:"id" readOnly:"true" example:"42"`
	FirstName string    `json:"first_name" minLength:"1" maxLength:"256" example:"Ada"`
	LastName  string    `json:"last_name" minLength:"1" maxLength:"256" example:"Lovelace"`
	Email     string    `json:"email" format:"email" maxLength:"320" doc:"A bare address (ada@example.com, no display name) at a domain with a dot, localhost or [an IP address]; unique, ignoring case." example:"ada@example.com"`
	CreatedAt time.Time `json:"created_at" readOnly:"true" example:"2026-01-15T10:30:00Z"`
}

// CustomerPatch changes the fields given.
type CustomerPatch struct {
	ID        *int64        `json:"id,omitempty" readOnly:"true"`
	FirstName Patch[string] `json:"first_name,omitempty" minLength:"1" maxLength:"256"`
	LastName  Patch[string] `json:"last_name,omitempty" minLength:"1" maxLength:"256"`
	Email     Patch[string] `json:"email,omitempty" format:"email" maxLength:"320"`
	CreatedAt *time.Time    `json:"created_at,omitempty" readOnly:"true"`
}

func customerOut(c *core.Customer) Customer {
	return Customer{ID: c.ID, FirstName: c.FirstName, LastName: c.LastName, Email: c.Email, CreatedAt: c.CreatedAt.UTC()}
}

func (c Customer) input() core.CustomerInput {
	return core.CustomerInput{FirstName: c.FirstName, LastName: c.LastName, Email: c.Email}
}

type customerBody struct {
	Body Customer
}

type customerUpdate struct {
	IDPath
	Body Customer
}

type customerPatch struct {
	IDPath
	Body CustomerPatch
}

type customerList struct {
	ListParams
	Email string `query:"email" doc:"Exact email, ignoring case."`
}

func customerRoutes(api huma.API, svc *core.Service) {
	const tag = "Customers"
	huma.Register(api, Op(Members, http.MethodGet, "/customers", "list-customers", tag, "List customers", "Ordered by id."),
		func(ctx context.Context, in *customerList) (*List[Customer], error) {
			rows, more, err := svc.ListCustomers(ctx, core.CustomerFilter{Email: in.Email}, in.Page())
			if err != nil {
				return nil, err
			}
			return NewList(ctx, Map(rows, customerOut), more, in.ListParams), nil
		})
	huma.Register(api, WithBodyChecks(Refusals(Op(StaffOnly, http.MethodPost, "/customers", "create-customer", tag, "Create a customer",
		"409 `email_taken` when another customer has the email, ignoring case."), core.ErrEmailTaken), nil),
		func(ctx context.Context, in *customerBody) (*Created[Customer], error) {
			c, err := svc.CreateCustomer(ctx, in.Body.input())
			if err != nil {
				return nil, err
			}
			return NewCreated(ctx, "customers", c.ID, customerOut(c)), nil
		})
	huma.Register(api, Op(Members, http.MethodGet, "/customers/{id}", "get-customer", tag, "Get a customer", ""),
		func(ctx context.Context, in *IDPath) (*Output[Customer], error) {
			c, err := svc.GetCustomer(ctx, in.ID)
			if err != nil {
				return nil, err
			}
			return &Output[Customer]{customerOut(c)}, nil
		})
	huma.Register(api, WithBodyChecks(Refusals(Op(Members, http.MethodPut, "/customers/{id}", "replace-customer", tag, "Replace a customer", ""), core.ErrEmailTaken), nil),
		func(ctx context.Context, in *customerUpdate) (*Output[Customer], error) {
			c, err := svc.UpdateCustomer(ctx, in.ID, in.Body.input())
			if err != nil {
				return nil, err
			}
			return &Output[Customer]{customerOut(c)}, nil
		})
	huma.Register(api, Refusals(Op(Members, http.MethodPatch, "/customers/{id}", "update-customer", tag, "Change some of a customer's fields", ""),
		core.ErrEmailTaken),
		func(ctx context.Context, in *customerPatch) (*Output[Customer], error) {
			cur, err := svc.GetCustomer(ctx, in.ID)
			if err != nil {
				return nil, err
			}
			next := customerOut(cur)
			in.Body.FirstName.Apply(&next.FirstName)
			in.Body.LastName.Apply(&next.LastName)
			in.Body.Email.Apply(&next.Email)
			c, err := svc.UpdateCustomer(ctx, in.ID, next.input())
			if err != nil {
				return nil, err
			}
			return &Output[Customer]{customerOut(c)}, nil
		})
	huma.Register(api, Refusals(Op(StaffOnly, http.MethodDelete, "/customers/{id}", "delete-customer", tag, "Delete a customer",
		"409 `customer_has_bookings` when the customer has any booking, even cancelled: bookings are history."), core.ErrCustomerHasBookings),
		func(ctx context.Context, in *IDPath) (*struct{}, error) {
			return nil, svc.DeleteCustomer(ctx, in.ID)
		})
}
