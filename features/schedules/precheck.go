package schedules

import (
	"context"

	"github.com/danielgtaylor/huma/v2"

	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/api"
)

// A body the schema refuses (duration_minutes: 0) never reaches the
// handler, whose checks (an unknown weekday, a bad start_time, a class
// type that does not exist) would wait for the next try. POST's and PUT's
// resolvers leave those checks with api.CheckBodyLater, which runs them
// only when the schema refused the body, so that one 422 names every
// field. A body the schema accepts is checked by the handler, as before.

// precheck is the body's own checks, the class type's existence included.
func precheck(ctx huma.Context, b *ScheduleBody) {
	api.CheckBodyLater(ctx, func(c context.Context, f *Feature) []core.FieldError {
		var p core.Problems
		_, err := f.checkBody(*b)
		_ = p.Check(err)
		if b.ClassType > 0 {
			_ = p.Check(f.env.Service.CheckClassType(c, b.ClassType)) // a database error: the rest stands alone
		}
		return p
	})
}

// Resolve implements huma.Resolver for POST /api/class_schedules.
func (in *scheduleBody) Resolve(ctx huma.Context) []error {
	precheck(ctx, &in.Body)
	return nil
}

// Resolve implements huma.Resolver for PUT /api/class_schedules/{id}.
func (in *scheduleUpdate) Resolve(ctx huma.Context) []error {
	precheck(ctx, &in.Body)
	return nil
}
