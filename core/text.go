package core

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxNameLength is the most characters a name holds (its column is
// VARCHAR(256)), counted in NFC: a few characters, such as U+0958, take
// two once normalised.
const MaxNameLength = 256

// Joiners that a name may hold although they are invisible format
// characters: some scripts (Persian, Indic) and emoji sequences need them.
const (
	zwnj = '\u200C'
	zwj  = '\u200D'
)

// Name cleans a single-line name (a customer's, a class type's, a plan's…)
// for storing and comparing: it returns v trimmed and in Unicode NFC, so
// that "José" typed composed or decomposed is one name, or refuses, as 422
// naming field, text PostgreSQL cannot store (CheckText), a blank name,
// one longer than MaxNameLength characters, and one holding a character
// no line of visible text needs (see notInName).
func Name(field, v string) (string, error) {
	v, err := normal(field, v, MaxNameLength)
	if err != nil {
		return "", err
	}
	for _, r := range v {
		if what := notInName(r); what != "" {
			return "", Invalid(field, "must not contain %U, %s", r, what)
		}
	}
	return v, nil
}

// normal returns v trimmed and in NFC, or refuses text PostgreSQL cannot
// store, a blank result or one longer than max characters.
func normal(field, v string, max int) (string, error) {
	if err := CheckText(field, v); err != nil {
		return "", err
	}
	v = norm.NFC.String(strings.TrimSpace(v))
	if v == "" {
		return "", Invalid(field, "must not be empty or blank")
	}
	if n := utf8.RuneCountInString(v); n > max {
		return "", Invalid(field, "must be at most %d characters in Unicode NFC form, got %d", max, n)
	}
	return v, nil
}

// notInName says what r is when a name may not hold it: a control
// character (CR and LF would break the header or line a name is written
// into), a line or paragraph separator, or an invisible format character
// (U+200B, U+200E, U+FEFF…) other than the joiners, which would make two
// names that look alike unequal.
func notInName(r rune) string {
	switch {
	case unicode.IsControl(r):
		return "a control character"
	case unicode.In(r, unicode.Zl, unicode.Zp):
		return "a line or paragraph separator"
	case r == zwnj || r == zwj:
		return ""
	case unicode.Is(unicode.Cf, r):
		return "an invisible format character"
	}
	return ""
}

// notInEmail says what r is when an address may not hold it: a control
// character, an invisible format character (no address needs one, the
// joiners included) or a space other than ASCII's (which net/mail already
// refuses outside quotes).
func notInEmail(r rune) string {
	switch {
	case unicode.IsControl(r):
		return "a control character"
	case unicode.Is(unicode.Cf, r):
		return "an invisible format character"
	case r > unicode.MaxASCII && unicode.Is(unicode.Z, r):
		return "a space or line break"
	}
	return ""
}

// CheckLines refuses, as 422 naming field, multi-line free text (a
// description, notes) that PostgreSQL cannot store (CheckText) or that
// holds a control character other than tab and line breaks: \n, or \r
// directly before \n (as a browser's text area sends them). Such text is
// stored as sent, not normalised: it is not compared.
func CheckLines(field, v string) error {
	if err := CheckText(field, v); err != nil {
		return err
	}
	for i, r := range v {
		switch {
		case r == '\t' || r == '\n':
		case r == '\r':
			if !strings.HasPrefix(v[i+1:], "\n") {
				return Invalid(field, "must not contain a carriage return (U+000D) except before a line feed (\\r\\n)")
			}
		case unicode.IsControl(r):
			return Invalid(field, "must not contain %U, a control character: free text may hold tabs and line breaks (\\n, \\r\\n) only", r)
		}
	}
	return nil
}

// cleanText trims surrounding white space from multi-line text that may be
// empty, then checks it (CheckLines).
func cleanText(field, v string) (string, error) {
	v = strings.TrimSpace(v)
	return v, CheckLines(field, v)
}

// CheckText refuses, as 422 naming field, a string PostgreSQL cannot store
// as text: one holding a NUL character (\u0000) or invalid UTF-8. Features
// check their own string inputs with it (through Name and CheckLines), so
// SQLite and PostgreSQL accept the same input.
func CheckText(field, v string) error {
	if strings.ContainsRune(v, 0) {
		return Invalid(field, "must not contain the NUL character (\\u0000)")
	}
	if !utf8.ValidString(v) {
		return Invalid(field, "must be valid UTF-8")
	}
	return nil
}
