package config

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"time"

	"github.com/go-viper/mapstructure/v2"
)

// DecodeHook is how every configuration value is decoded, core's keys and
// the features' alike: durations need a unit, an integer key refuses a
// fraction (weak typing would truncate 1.5 to 1), and a comma-separated
// string (an environment variable) fills a list.
func DecodeHook() mapstructure.DecodeHookFunc {
	return mapstructure.ComposeDecodeHookFunc(DurationNeedsUnit, integerHook,
		mapstructure.StringToTimeDurationHookFunc(), mapstructure.StringToSliceHookFunc(","))
}

// DurationNeedsUnit is a decode hook that refuses a bare number for a
// time.Duration: YAML's 30 would otherwise be 30 nanoseconds, a write
// timeout no response meets or a poll interval that spins. It also words
// a string that is no duration at all.
func DurationNeedsUnit(from, to reflect.Type, data any) (any, error) {
	if to != reflect.TypeFor[time.Duration]() {
		return data, nil
	}
	switch from.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return nil, fmt.Errorf("want a duration with a unit, such as 30s or 5m, got %v", data)
	case reflect.String:
		if _, err := time.ParseDuration(data.(string)); err != nil {
			return nil, fmt.Errorf("want a duration with a unit, such as 30s or 5m, got %q", data)
		}
	}
	return data, nil
}

// integerHook refuses a number with a fraction for an integer key.
func integerHook(from, to reflect.Type, data any) (any, error) {
	if to.Kind() < reflect.Int || to.Kind() > reflect.Uint64 || (from.Kind() != reflect.Float32 && from.Kind() != reflect.Float64) {
		return data, nil
	}
	if f := reflect.ValueOf(data).Float(); f != math.Trunc(f) || math.IsInf(f, 0) || math.IsNaN(f) {
		return nil, fmt.Errorf("%s, got %v", want(to), data)
	}
	return data, nil
}

// DecodeErrors gives mapstructure's errors one line each, "config:
// PREFIXkey: what is wrong", as validate's read: "want an integer, got
// "lots"" where mapstructure says "cannot parse value as 'int64':
// strconv.ParseInt: invalid syntax".
func DecodeErrors(prefix string, err error) error {
	var out []error
	var walk func(error)
	walk = func(e error) {
		if many, ok := e.(interface{ Unwrap() []error }); ok {
			for _, e := range many.Unwrap() {
				walk(e)
			}
			return
		}
		var de *mapstructure.DecodeError
		if !errors.As(e, &de) {
			out = append(out, fmt.Errorf("config: %s%w", prefixLabel(prefix), e))
			return
		}
		inner := de.Unwrap()
		var pe *mapstructure.ParseError
		var ue *mapstructure.UnconvertibleTypeError
		switch {
		case errors.As(inner, &pe):
			inner = fmt.Errorf("%s, got %s", want(pe.Expected.Type()), shown(pe.Value))
		case errors.As(inner, &ue):
			inner = fmt.Errorf("%s, got %s", want(ue.Expected.Type()), shown(ue.Value))
		}
		out = append(out, fmt.Errorf("config: %s%s: %w", prefix, de.Name(), inner))
	}
	walk(err)
	return errors.Join(out...)
}

// prefixLabel turns "features.x." into "features.x: " for an error that
// names no key.
func prefixLabel(prefix string) string {
	if prefix == "" {
		return ""
	}
	return prefix[:len(prefix)-1] + ": "
}

// want says what a key of type t takes.
func want(t reflect.Type) string {
	if t == reflect.TypeFor[time.Duration]() {
		return "want a duration with a unit, such as 30s or 5m"
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "want an integer"
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "want a whole number, 0 or more"
	case reflect.Float32, reflect.Float64:
		return "want a number"
	case reflect.Bool:
		return "want true or false"
	case reflect.String:
		return "want a string"
	case reflect.Slice, reflect.Array:
		return "want a list"
	case reflect.Map, reflect.Struct:
		return "want a mapping of keys"
	}
	return "want a " + t.String()
}

// shown is a bad value as the user wrote it: strings quoted.
func shown(v any) string {
	if s, ok := v.(string); ok {
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprintf("%v", v)
}
