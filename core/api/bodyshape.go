package api

import (
	"fmt"
	"strconv"
	"strings"
)

// Bounds on a JSON request body's shape, past which checkBody refuses it
// before huma decodes it. huma validates every value and builds an error
// for each one that fails, whatever maxItems says, so a 1 MB body of
// 500,000 bad array elements (or unknown properties) would cost it a
// million error values and the answer tens of megabytes. No request needs
// more than a few thousand values (a workout's 200 sets, a plan's 1000
// class types) or more than four levels.
const (
	maxBodyValues = 10_000 // array elements and object members, counted together
	maxBodyDepth  = 32
)

// shapeFrame is one open array or object of the body badShape reads.
type shapeFrame struct {
	array bool
	index int    // array: the current element's index
	key   []byte // object: the current member's name, raw
}

// badShape finds where a JSON body holds more than maxBodyValues values in
// all, or nests deeper than maxBodyDepth, and names the container there
// ("class_types"; "" for the body itself). One pass over the bytes, no
// allocation unless it refuses. A body that is not valid JSON is counted
// as far as it goes; huma's decoder refuses it (400) if it passes.
func badShape(body []byte) (field, msg string, bad bool) {
	var stack [maxBodyDepth]shapeFrame
	depth, values := 0, 0
	atKey := false // the next string is an object member's name
	for i := 0; i < len(body); i++ {
		switch body[i] {
		case '"':
			start := i + 1
			for i++; i < len(body) && body[i] != '"'; i++ {
				if body[i] == '\\' {
					i++
				}
			}
			if atKey {
				stack[depth-1].key = body[start:min(i, len(body))]
				atKey = false
			}
		case '{', '[':
			if depth == maxBodyDepth {
				return shapePath(stack[:depth]), fmt.Sprintf("nests deeper than %d levels", maxBodyDepth), true
			}
			stack[depth] = shapeFrame{array: body[i] == '['}
			depth++
			atKey = body[i] == '{'
			if !emptyContainer(body[i+1:]) {
				values++ // its first member; a comma counts each other one
			}
		case '}', ']':
			depth = max(depth-1, 0)
			atKey = false
		case ',':
			values++
			if depth > 0 {
				stack[depth-1].index++
				atKey = !stack[depth-1].array
			}
		}
		if values > maxBodyValues {
			return shapePath(stack[:max(depth-1, 0)]), fmt.Sprintf(
				"holds more than %d values (array elements and object members, counted together)", maxBodyValues), true
		}
	}
	return "", "", false
}

// emptyContainer reports whether rest, what follows a '{' or '[', closes
// it before any member.
func emptyContainer(rest []byte) bool {
	for _, c := range rest {
		switch c {
		case ' ', '\t', '\n', '\r':
		case '}', ']':
			return true
		default:
			return false
		}
	}
	return true
}

// shapePath is the path the frames' current members and elements lead to
// ("sets[3].reps").
func shapePath(frames []shapeFrame) string {
	var b strings.Builder
	for _, f := range frames {
		if f.array {
			b.WriteString("[" + strconv.Itoa(f.index) + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.Write(f.key)
	}
	return b.String()
}
