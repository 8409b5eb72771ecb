package app

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gymtastic/gymtastic/config"
)

// log.format auto writes JSON to anything but a terminal; json and text
// force one.
func TestNewLoggerFormat(t *testing.T) {
	for _, c := range []struct {
		format string
		json   bool
	}{{"auto", true}, {"text", false}, {"json", true}} {
		t.Run(c.format, func(t *testing.T) {
			f, err := os.Create(filepath.Join(t.TempDir(), "log"))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			NewLogger(config.Log{Level: "info", Format: c.format}, f).Info("hello", "n", 1)
			b, err := os.ReadFile(f.Name())
			if err != nil {
				t.Fatal(err)
			}
			if got := json.Valid([]byte(strings.TrimSpace(string(b)))); got != c.json {
				t.Errorf("wrote %q, want JSON %v", b, c.json)
			}
		})
	}
}

// A pipe (a container's stderr, journald) is no terminal; a character
// device, as a terminal is, counts as one.
func TestIsTerminal(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	if isTerminal(w) {
		t.Error("a pipe taken for a terminal")
	}
	dev, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Skip(err)
	}
	defer dev.Close()
	if !isTerminal(dev) {
		t.Error("a character device not taken for a terminal")
	}
}
