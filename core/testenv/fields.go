package testenv

import "slices"

// Fields are the fields a problem's errors name, in order.
func (p Problem) Fields() []string {
	out := []string{}
	for _, e := range p.Errors {
		out = append(out, e.Field)
	}
	return out
}

// SortedFields are Fields sorted, to compare with a set of fields.
func (p Problem) SortedFields() []string {
	f := p.Fields()
	slices.Sort(f)
	return f
}
