package core

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"net/netip"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
	"gorm.io/gorm"
)

// CustomerInput is a customer's writable fields.
type CustomerInput struct {
	FirstName string
	LastName  string
	Email     string
}

// maxEmailLength is the most characters an address holds (VARCHAR(320)),
// counted in NFC.
const maxEmailLength = 320

// clean puts the names and the address in the form they are stored and
// compared in (trimmed, Unicode NFC), refusing what no name or address
// may hold. The rules checkAddress adds apply to new addresses only.
func (in *CustomerInput) clean() error {
	var p Problems
	var err error
	in.FirstName, err = Name("first_name", in.FirstName)
	_ = p.Check(err) // Name and normal return only validation errors
	in.LastName, err = Name("last_name", in.LastName)
	_ = p.Check(err)
	if in.Email, err = normal("email", in.Email, maxEmailLength); err == nil {
		err = checkEmail(in.Email)
	}
	_ = p.Check(err)
	return p.Err()
}

// checkEmail accepts a bare address only: net/mail also parses
// "Ada <ada@example.com>" and "ada@example.com (Ada)", which are not
// addresses to store.
func checkEmail(v string) error {
	addr, err := mail.ParseAddress(v)
	if err != nil || addr.Address != v {
		return Invalid("email", "want an email address such as ada@example.com, without a display name or comment")
	}
	return nil
}

// checkAddress refuses an address holding a character no address needs
// (notInEmail: an invisible U+200B makes a second customer of one address)
// or whose domain mail cannot reach (mailDomain). Apart from checkEmail, as
// an update may keep an address stored before these rules.
func (in *CustomerInput) checkAddress() error {
	for _, r := range in.Email {
		if what := notInEmail(r); what != "" {
			return Invalid("email", "must not contain %U, %s", r, what)
		}
	}
	if d := in.Email[strings.LastIndexByte(in.Email, '@')+1:]; !mailDomain(d) {
		return Invalid("email", "the domain %q is not one mail can reach: want a host name with a dot (letters, digits and inner hyphens, such as example.com), localhost or an IP address in brackets", d)
	}
	return nil
}

// mailDomain is the Django version's rule for an address's domain, which
// net/mail leaves to the caller (it takes "a@b" and "a@#.com"): a host
// name of two or more labels, each of letters, digits and hyphens with no
// hyphen at either end, the last at least two characters long; or
// localhost; or an IP address in brackets.
func mailDomain(d string) bool {
	if strings.EqualFold(d, "localhost") {
		return true
	}
	if ip, ok := strings.CutPrefix(d, "["); ok {
		ip, ok = strings.CutSuffix(ip, "]")
		_, err := netip.ParseAddr(ip)
		return ok && err == nil
	}
	labels := strings.Split(d, ".")
	if len(labels) < 2 || utf8.RuneCountInString(labels[len(labels)-1]) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for _, r := range l {
			if r != '-' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				return false
			}
		}
	}
	return true
}

// CreateCustomer adds a customer. Emails are unique ignoring case.
func (s *Service) CreateCustomer(ctx context.Context, in CustomerInput) (*Customer, error) {
	// Every field problem at once: the address's rules too, once it is
	// an address.
	if err := in.clean(); err != nil {
		if e, ok := AsError(err); ok && !slices.ContainsFunc(e.Fields, func(f FieldError) bool { return f.Field == "email" }) {
			p := Problems(e.Fields)
			_ = p.Check(in.checkAddress())
			return nil, p.Err()
		}
		return nil, err
	}
	if err := in.checkAddress(); err != nil {
		return nil, err
	}
	c := &Customer{FirstName: in.FirstName, LastName: in.LastName, Email: in.Email, CreatedAt: s.Now()}
	if err := s.db.WithContext(ctx).Create(c).Error; err != nil {
		if errors.Is(err, gorm.ErrDuplicatedKey) {
			return nil, Refuse("email_taken", "another customer already has the email %s", in.Email)
		}
		return nil, fmt.Errorf("create customer: %w", err)
	}
	return c, nil
}

// customerRead reads one customer, every column of Customer in order
// (TestGetCustomerReadsEveryColumn keeps it in step with the model).
const customerRead = `SELECT id, first_name, last_name, email, created_at FROM customers WHERE id = ?`

// GetCustomer returns one customer. It reads on the hot path's way (a
// stmt, read), not gorm's: it is the API's most frequent request, and
// gorm costs it 13–27 % of its throughput (docs/performance.md).
func (s *Service) GetCustomer(ctx context.Context, id int64) (*Customer, error) {
	if owner := OwnerOf(ctx); owner != 0 && owner != id {
		return nil, NotFound("customer", id) // a customer reads her own record alone
	}
	c := Customer{ID: id}
	st := &stmt{sql: customerRead, args: []any{id}, dest: []any{&c.ID, &c.FirstName, &c.LastName, &c.Email, &c.CreatedAt}}
	if err := s.read(ctx, st); err != nil {
		return nil, fmt.Errorf("get customer: %w", err)
	}
	if !st.found {
		return nil, NotFound("customer", id)
	}
	return &c, nil
}

// CustomerFilter selects customers in ListCustomers.
type CustomerFilter struct {
	// Email matches ignoring case and Unicode normalisation (NFC, as
	// stored).
	Email string
}

// ListCustomers lists customers by id.
func (s *Service) ListCustomers(ctx context.Context, f CustomerFilter, p Page) ([]Customer, bool, error) {
	q := s.db.WithContext(ctx).Model(&Customer{})
	if owner := OwnerOf(ctx); owner != 0 {
		q = q.Where("id = ?", owner)
	}
	if f.Email != "" {
		q = q.Where("lower(email) = lower(?)", norm.NFC.String(f.Email))
	}
	var rows []Customer
	if err := p.window(q.Order("id")).Find(&rows).Error; err != nil {
		return nil, false, fmt.Errorf("list customers: %w", err)
	}
	rows, more := trim(rows, p)
	return rows, more, nil
}

// UpdateCustomer replaces a customer's writable fields. An address that
// checkAddress refuses is kept if it is the one stored, so that a customer
// created before its rules can still be renamed or sent back.
func (s *Service) UpdateCustomer(ctx context.Context, id int64, in CustomerInput) (*Customer, error) {
	if owner := OwnerOf(ctx); owner != 0 && owner != id {
		return nil, NotFound("customer", id) // a customer edits her own record alone
	}
	if err := in.clean(); err != nil {
		return nil, err
	}
	q := s.db.WithContext(ctx).Model(&Customer{}).Where("id = ?", id)
	badAddress := in.checkAddress()
	if badAddress != nil {
		q = q.Where("email = ?", in.Email)
	}
	res := q.Updates(map[string]any{"first_name": in.FirstName, "last_name": in.LastName, "email": in.Email})
	if res.Error != nil {
		if errors.Is(res.Error, gorm.ErrDuplicatedKey) {
			return nil, Refuse("email_taken", "another customer already has the email %s", in.Email)
		}
		return nil, fmt.Errorf("update customer: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		if badAddress != nil {
			return nil, badAddress
		}
		return nil, NotFound("customer", id)
	}
	return s.GetCustomer(ctx, id)
}

// DeleteCustomer deletes a customer who has no bookings at all: bookings are
// history, kept even when cancelled.
func (s *Service) DeleteCustomer(ctx context.Context, id int64) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		found, err := s.lockRow(tx, "customers", id)
		if err != nil {
			return fmt.Errorf("delete customer: %w", err)
		}
		if !found {
			return NotFound("customer", id)
		}
		var held int64
		if err := tx.Raw("SELECT COUNT(*) FROM bookings WHERE customer_id = ?", id).Scan(&held).Error; err != nil {
			return fmt.Errorf("delete customer: %w", err)
		}
		if held > 0 {
			return Refuse("customer_has_bookings", "customer %d has %d booking(s); bookings are kept as history, so the customer cannot be deleted", id, held)
		}
		if err := tx.Exec("DELETE FROM customers WHERE id = ?", id).Error; err != nil {
			// A feature's record (a membership, say) refers to the
			// customer; the code stays customer_has_bookings, which
			// clients already handle.
			if isForeignKeyViolation(err) {
				return Refuse("customer_has_bookings", "customer %d is referenced by other records (such as memberships); they must go first", id)
			}
			return fmt.Errorf("delete customer: %w", err)
		}
		return nil
	})
}

// FieldProblems are the problems of in's fields that need no database: the
// names and the address as CreateCustomer checks them, or, with newAddress
// false, as UpdateCustomer does before it knows whether the address is the
// one stored (which checkAddress's later rules do not bind).
func (in CustomerInput) FieldProblems(newAddress bool) []FieldError {
	var p Problems
	_ = p.Check(in.clean()) // only validation errors
	emailBad := slices.ContainsFunc(p, func(f FieldError) bool { return f.Field == "email" })
	if newAddress && !emailBad && in.Email != "" {
		_ = p.Check(in.checkAddress())
	}
	return p
}
