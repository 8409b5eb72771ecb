package core

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"time"

	"github.com/go-viper/mapstructure/v2"
	"gorm.io/gorm"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/migrations"
)

// Feature is a business feature. A name is all it needs; everything else it
// offers is found through the optional interfaces below (and the hook
// interfaces in hooks.go, and api.Router for routes).
type Feature interface {
	// Name is the feature's key under features: in config.yaml.
	Name() string
}

// Configurable features own a config section. Config returns a pointer to
// the feature's config struct holding its defaults; the registry decodes the
// section into it (mapstructure tags), refusing unknown keys.
type Configurable interface {
	Config() any
}

// Validator features check their decoded config. Validate runs for every
// feature, enabled or not, before serving.
type Validator interface {
	Validate() error
}

// Provisioner features prepare themselves with the running environment.
// Provision runs for enabled features only, after Validate.
type Provisioner interface {
	Provision(env Env) error
}

// MigrationProvider features own tables. Their migrations run whether the
// feature is enabled or not; IDs start with the feature's name.
type MigrationProvider interface {
	Migrations() []migrations.Migration
}

// Describer features explain themselves in `gymtastic features`.
type Describer interface {
	Description() string
}

// FixtureCreator features add their own data to `gymtastic createfixtures`,
// after core's fixtures, when enabled.
type FixtureCreator interface {
	CreateFixtures(ctx context.Context, svc *Service) error
}

// FixtureTimetable is a feature that makes the demo timetable of
// `gymtastic createfixtures` itself, as staff would with it (recurring
// schedules): core's fixtures then make no session of their own for the
// classes, and book among the sessions it returns. The first enabled one
// is used.
type FixtureTimetable interface {
	// CreateTimetable makes (or, forced again, finds) the sessions of
	// classes from tomorrow on, and says how many it made.
	CreateTimetable(ctx context.Context, svc *Service, classes []FixtureClass) (sessions []ClassSession, created int, err error)
}

// Env is what a feature is provisioned with. A feature keeps it and reads
// the database, the clock and the gym's time zone from it.
type Env struct {
	DB   *gorm.DB
	Kind config.DatabaseKind
	// Location is the gym's time zone; Registry.Provision makes nil UTC.
	Location *time.Location
	// Now is the clock; Registry.Provision makes nil time.Now.
	Now    func() time.Time
	Logger *slog.Logger
	Config *config.Config
	Outbox *Outbox
	// Service is core's domain, for a feature that judges a booking
	// (Service.Try).
	Service *Service
}

// Timestamp is the current time as core stores times: in UTC, truncated
// to microseconds.
func (e Env) Timestamp() time.Time { return e.Now().UTC().Truncate(time.Microsecond) }

// Registry holds every feature, in order, and which ones are enabled.
type Registry struct {
	all     []Feature
	enabled map[string]bool
}

// NewRegistry builds a registry from the explicit feature list. Duplicate
// or empty names are programming errors and panic, as database/sql.Register
// does.
func NewRegistry(list []Feature) *Registry {
	seen := map[string]bool{}
	for _, f := range list {
		if f.Name() == "" || seen[f.Name()] {
			panic(fmt.Sprintf("core: feature name %q empty or registered twice", f.Name()))
		}
		seen[f.Name()] = true
	}
	return &Registry{all: list, enabled: map[string]bool{}}
}

// Defaults returns every feature key with its default value, flattened as
// features.<name>.<key>, for config.Load. Every feature is enabled by
// default.
func (r *Registry) Defaults() map[string]any {
	out := map[string]any{}
	for _, f := range r.all {
		prefix := "features." + f.Name() + "."
		out[prefix+"enabled"] = true
		c, ok := f.(Configurable)
		if !ok {
			continue
		}
		var m map[string]any
		if err := mapstructure.Decode(c.Config(), &m); err != nil {
			panic(fmt.Sprintf("core: feature %s: config struct: %v", f.Name(), err))
		}
		for k, v := range m {
			if d, ok := v.(time.Duration); ok {
				v = d.String()
			}
			out[prefix+k] = v
		}
	}
	return out
}

// Configure decodes each feature's section, records which are enabled and
// validates every feature's config. Errors name the feature and the key.
func (r *Registry) Configure(sections map[string]map[string]any) error {
	var errs []error
	for _, f := range r.all {
		name := f.Name()
		section := map[string]any{}
		for k, v := range sections[name] {
			section[k] = v
		}
		enabled := true
		if v, ok := section["enabled"]; ok {
			var b bool
			if err := weakDecode(v, &b); err != nil {
				errs = append(errs, fmt.Errorf("config: features.%s.enabled: want true or false, got %v", name, v))
			}
			enabled = b
			delete(section, "enabled")
		}
		r.enabled[name] = enabled
		if c, ok := f.(Configurable); ok {
			if err := weakDecode(section, c.Config()); err != nil {
				errs = append(errs, config.DecodeErrors("features."+name+".", err))
				continue
			}
		} else if len(section) > 0 {
			errs = append(errs, fmt.Errorf("config: features.%s: takes only enabled", name))
		}
		if v, ok := f.(Validator); ok {
			if err := v.Validate(); err != nil {
				errs = append(errs, fmt.Errorf("config: features.%s: %w", name, err))
			}
		}
	}
	return errors.Join(errs...)
}

func weakDecode(in, out any) error {
	d, err := mapstructure.NewDecoder(&mapstructure.DecoderConfig{
		Result:           out,
		WeaklyTypedInput: true,
		ErrorUnused:      true,
		DecodeHook:       config.DecodeHook(),
	})
	if err != nil {
		return err
	}
	return d.Decode(in)
}

// Provision provisions the enabled features, in order, with env's clock
// and time zone defaulted.
func (r *Registry) Provision(env Env) error {
	if env.Now == nil {
		env.Now = time.Now
	}
	if env.Location == nil {
		env.Location = time.UTC
	}
	for _, f := range r.Enabled() {
		if p, ok := f.(Provisioner); ok {
			if err := p.Provision(env); err != nil {
				return fmt.Errorf("feature %s: provision: %w", f.Name(), err)
			}
		}
	}
	return nil
}

// All returns every feature, enabled or not, in order.
func (r *Registry) All() []Feature { return r.all }

// Enabled returns the enabled features, in order.
func (r *Registry) Enabled() []Feature {
	var out []Feature
	for _, f := range r.all {
		if r.enabled[f.Name()] {
			out = append(out, f)
		}
	}
	return out
}

// IsEnabled reports whether the named feature is enabled.
func (r *Registry) IsEnabled(name string) bool { return r.enabled[name] }

// Hooks returns the hooks of the enabled features.
func (r *Registry) Hooks() Hooks { return collectHooks(r.Enabled()) }

// Migrations returns core's migrations followed by every feature's.
func (r *Registry) Migrations() []migrations.Migration {
	list := migrations.Core()
	for _, f := range r.all {
		if m, ok := f.(MigrationProvider); ok {
			list = append(list, m.Migrations()...)
		}
	}
	return list
}

// Settings returns a feature's decoded settings, keys sorted, for display.
func (r *Registry) Settings(f Feature) ([]string, map[string]any) {
	m := map[string]any{}
	if c, ok := f.(Configurable); ok {
		_ = mapstructure.Decode(c.Config(), &m)
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys, m
}
