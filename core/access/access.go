// Package access keeps core's secrets and says who a secret belongs to:
// staff and admin API keys, customers' tokens and the one-time codes that
// sign a customer in by email. The HTTP layer (core/api) asks Verify who is
// calling and enforces what each operation declares; core's queries scope a
// customer's rows with core.OwnerOf.
//
// Secrets are 32 random bytes, base64url, behind a prefix that names their
// kind (gtk_ for API keys, gtc_ for customer tokens) so that a leaked one
// is recognisable; they are shown once and stored only as their SHA-256.
// A verified secret is remembered in the process for CacheTTL, so that a
// request pays no database round trip to authenticate; a revocation
// therefore takes effect at once on the replica that made it and within
// CacheTTL on the others.
package access

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"sync/atomic"
	"time"

	"gorm.io/gorm"

	"github.com/gymtastic/gymtastic/core"
)

// Secret prefixes.
const (
	KeyPrefix   = "gtk_"
	TokenPrefix = "gtc_"
)

// shownPrefix is how many characters of a secret are kept in clear, to
// tell keys apart in lists: the kind prefix and 8 random characters.
const shownPrefix = 12

// CacheTTL bounds how long a verified secret is trusted without asking the
// database, and so how long a revocation takes to reach other replicas.
const CacheTTL = 30 * time.Second

// lastUsedEvery is how stale last_used_at may grow before it is written
// again.
const lastUsedEvery = time.Minute

// Store is the access layer's storage.
type Store struct {
	db       *gorm.DB
	now      func() time.Time
	outbox   *core.Outbox
	tokenTTL time.Duration
	gymName  string
	cache    cache
	// lastPurge is when expired throttle windows were last deleted.
	lastPurge atomic.Int64
}

// Options configure a Store.
type Options struct {
	Now func() time.Time
	// Outbox carries sign-in codes.
	Outbox *core.Outbox
	// TokenTTL is a customer token's lifetime (auth.customer_token_ttl).
	TokenTTL time.Duration
	// GymName signs the sign-in email.
	GymName string
}

// NewStore returns the access store on db.
func NewStore(db *gorm.DB, opt Options) *Store {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.TokenTTL <= 0 {
		opt.TokenTTL = 30 * 24 * time.Hour
	}
	if opt.Outbox == nil {
		opt.Outbox = &core.Outbox{Now: opt.Now}
	}
	if opt.GymName == "" {
		opt.GymName = "Gymtastic"
	}
	return &Store{db: db, now: opt.Now, outbox: opt.Outbox, tokenTTL: opt.TokenTTL, gymName: opt.GymName,
		cache: cache{entries: map[string]cached{}}}
}

func (s *Store) clock() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// newSecret returns a fresh secret with the kind prefix, and its hash.
func newSecret(prefix string) (secret, hash string, err error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", "", err
	}
	secret = prefix + base64.RawURLEncoding.EncodeToString(b[:])
	return secret, Hash(secret), nil
}

// Hash is how a secret is stored: its SHA-256, in hex. SHA-256 suffices for
// secrets of 256 random bits (no password-hashing function is needed when
// nothing can be guessed).
func Hash(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// ErrUnauthenticated answers a request whose secret is unknown, revoked or
// expired.
var ErrUnauthenticated = &core.Error{Status: http.StatusUnauthorized, Code: "unauthenticated",
	Detail: "the bearer secret is unknown, revoked or expired; sign in again or ask for a new key",
	Header: http.Header{"Www-Authenticate": {`Bearer error="invalid_token"`}}}

// ErrInvalidCode answers a sign-in with a wrong, used or expired code.
var ErrInvalidCode = &core.Error{Status: http.StatusUnauthorized, Code: "invalid_code",
	Detail: "the code is wrong, used or expired; ask for a new one"}
