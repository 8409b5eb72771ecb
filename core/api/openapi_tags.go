package api

import (
	"slices"

	"github.com/danielgtaylor/huma/v2"

	"github.com/gymtastic/gymtastic/core"
)

// coreTags are core's operation tags, in the order the document lists
// them (its resources first), with their descriptions.
var coreTags = []*huma.Tag{
	{Name: "Customers", Description: "The gym's customers: who books. A customer token sees and changes her own row only."},
	{Name: "Class types", Description: "Kinds of class (yoga, spinning…), each with a unique name: what a session is of."},
	{Name: "Class sessions", Description: "The timetable: one class type at one time, with its capacity and places booked."},
	{Name: "Bookings", Description: "A customer's place in a session: booked, then cancelled (or late_cancelled), " +
		"attended or no_show. Never deleted; the enabled features' rules may refuse one."},
	{Name: "Emails", Description: "The outbox: every email the gym sends, as it was queued and whether it went."},
	{Name: "Access", Description: "Signing in and who may call what: API keys, customer sign-in codes and tokens."},
}

// tagRecorder remembers which feature registered each tag, in the order
// the operations are added, for documentTags.
type tagRecorder struct {
	feature core.Feature // the feature whose routes are being registered; nil for core
	order   []string
	owner   map[string]core.Feature
}

func (r *tagRecorder) add(_ *huma.OpenAPI, op *huma.Operation) {
	if r.owner == nil {
		r.owner = map[string]core.Feature{}
	}
	for _, t := range op.Tags {
		if !slices.Contains(r.order, t) {
			r.order = append(r.order, t)
			r.owner[t] = r.feature
		}
	}
}

// documentTags lists every tag the operations use at the top of the
// document, each with a description: core's first, in coreTags' order,
// then each feature's in the order they were registered, described by
// the feature (core.Describer).
func documentTags(doc *huma.OpenAPI, r *tagRecorder) {
	var tags []*huma.Tag
	for _, t := range coreTags {
		if slices.Contains(r.order, t.Name) {
			tags = append(tags, &huma.Tag{Name: t.Name, Description: t.Description})
		}
	}
	for _, name := range r.order {
		if slices.ContainsFunc(coreTags, func(t *huma.Tag) bool { return t.Name == name }) {
			continue
		}
		desc := "Operations of " + name + "."
		if f := r.owner[name]; f != nil {
			desc = "Feature `" + f.Name() + "` (features." + f.Name() + " in config.yaml)."
			if d, ok := f.(core.Describer); ok {
				desc = "Feature `" + f.Name() + "`: " + d.Description() + "."
			}
		}
		tags = append(tags, &huma.Tag{Name: name, Description: desc})
	}
	doc.Tags = tags
}
