package config

import (
	"errors"
	"fmt"
	"os"
	"strings"

	goyaml "github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/token"
)

// yamlError explains a config file viper could not parse. viper's YAML
// parser (yaml.v3) names, for some mistakes, the line of the mapping that
// holds the mistake or the line before it ("line 3: did not find expected
// key" for a bad indent on line 4); goccy/go-yaml names the line and
// column at fault and shows them. Its answer is used only when it too
// refuses the file; otherwise viper's error stands.
func yamlError(file string, viperErr error) error {
	data, err := os.ReadFile(file)
	if err != nil {
		return fmt.Errorf("config: read %s: %w", file, viperErr)
	}
	var v any
	perr := goyaml.Unmarshal(data, &v)
	var ye interface {
		GetToken() *token.Token
		GetMessage() string
	}
	if perr == nil || !errors.As(perr, &ye) || ye.GetToken() == nil || ye.GetToken().Position == nil {
		return fmt.Errorf("config: read %s: %w", file, viperErr)
	}
	pos := ye.GetToken().Position
	// FormatError's first line repeats "[line:column] message"; keep the
	// source excerpt below it.
	_, excerpt, _ := strings.Cut(goyaml.FormatError(perr, false, true), "\n")
	return fmt.Errorf("config: %s line %d, column %d: %s\n%s", file, pos.Line, pos.Column, ye.GetMessage(),
		strings.TrimRight(excerpt, " \n"))
}
