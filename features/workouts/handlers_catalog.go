package workouts

import (
	"context"

	"github.com/gymtastic/gymtastic/core/api"
)

// EquipmentJSON is a piece of equipment as the API shows and takes it.
type EquipmentJSON struct {
	ID   int64  `json:"id" readOnly:"true"`
	Name string `json:"name" minLength:"1" maxLength:"256" doc:"Unique, ignoring case (409 name_taken)."`
	Kind string `json:"kind" enum:"strength,cardio" doc:"What it is used for: strength (dumbbells, bench press, kettlebell) or cardio (treadmill, stationary bike)."`
}

// EquipmentPatch changes the fields given; none of them may be null.
type EquipmentPatch struct {
	ID   *int64            `json:"id,omitempty" readOnly:"true"`
	Name api.Patch[string] `json:"name,omitempty" minLength:"1" maxLength:"256"`
	Kind api.Patch[string] `json:"kind,omitempty" enum:"strength,cardio"`
}

// ExerciseJSON is an exercise as the API shows and takes it.
type ExerciseJSON struct {
	ID        int64  `json:"id" readOnly:"true"`
	Name      string `json:"name" minLength:"1" maxLength:"256" doc:"Unique, ignoring case (409 name_taken)."`
	Equipment *int64 `json:"equipment" required:"false" nullable:"true" minimum:"1" maximum:"9007199254740991" doc:"Equipment id; null (the default) for body-weight exercises. A missing id → 422."`
	Kind      string `json:"kind" enum:"strength,cardio" doc:"strength: sets log reps and weight_kg; cardio: sets log duration_seconds (and distance, calories…). Cannot change once sets use the exercise (409 exercise_in_use)."`
}

// ExercisePatch changes the fields given; "equipment": null removes the
// equipment (the column is nullable: a body-weight exercise), and no other
// field may be null.
type ExercisePatch struct {
	ID        *int64            `json:"id,omitempty" readOnly:"true"`
	Name      api.Patch[string] `json:"name,omitempty" minLength:"1" maxLength:"256"`
	Equipment api.Optional[int] `json:"equipment,omitempty" nullable:"true" minimum:"1" maximum:"9007199254740991"`
	Kind      api.Patch[string] `json:"kind,omitempty" enum:"strength,cardio"`
}

func equipmentOut(e *Equipment) EquipmentJSON {
	return EquipmentJSON{ID: e.ID, Name: e.Name, Kind: e.Kind}
}

func exerciseOut(e *Exercise) ExerciseJSON {
	return ExerciseJSON{ID: e.ID, Name: e.Name, Equipment: e.EquipmentID, Kind: e.Kind}
}

func (e ExerciseJSON) model() Exercise {
	return Exercise{Name: e.Name, EquipmentID: e.Equipment, Kind: e.Kind}
}

type equipmentBody struct {
	Body EquipmentJSON
}

type equipmentUpdate struct {
	api.IDPath
	Body EquipmentJSON
}

type equipmentPatch struct {
	api.IDPath
	Body EquipmentPatch
}

type equipmentList struct {
	api.ListParams
	Kind string `query:"kind" enum:"strength,cardio," doc:"Only equipment of this kind."`
}

type exerciseBody struct {
	Body ExerciseJSON
}

type exerciseUpdate struct {
	api.IDPath
	Body ExerciseJSON
}

type exercisePatch struct {
	api.IDPath
	Body ExercisePatch
}

type exerciseList struct {
	api.ListParams
	Kind      string `query:"kind" enum:"strength,cardio," doc:"Only exercises of this kind."`
	Equipment int64  `query:"equipment" minimum:"0" doc:"Only exercises on this equipment (id)."`
}

func (f *Feature) listEquipmentHandler(ctx context.Context, in *equipmentList) (*api.List[EquipmentJSON], error) {
	rows, more, err := f.listEquipment(ctx, in.Kind, in.Page())
	if err != nil {
		return nil, err
	}
	return api.NewList(ctx, api.Map(rows, equipmentOut), more, in.ListParams), nil
}

func (f *Feature) createEquipment(ctx context.Context, in *equipmentBody) (*api.Created[EquipmentJSON], error) {
	e, err := f.saveEquipment(ctx, 0, Equipment{Name: in.Body.Name, Kind: in.Body.Kind})
	if err != nil {
		return nil, err
	}
	return api.NewCreated(ctx, "equipment", e.ID, equipmentOut(e)), nil
}

func (f *Feature) getEquipmentHandler(ctx context.Context, in *api.IDPath) (*api.Output[EquipmentJSON], error) {
	e, err := f.getEquipment(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return &api.Output[EquipmentJSON]{Body: equipmentOut(e)}, nil
}

func (f *Feature) replaceEquipment(ctx context.Context, in *equipmentUpdate) (*api.Output[EquipmentJSON], error) {
	e, err := f.saveEquipment(ctx, in.ID, Equipment{Name: in.Body.Name, Kind: in.Body.Kind})
	if err != nil {
		return nil, err
	}
	return &api.Output[EquipmentJSON]{Body: equipmentOut(e)}, nil
}

func (f *Feature) patchEquipment(ctx context.Context, in *equipmentPatch) (*api.Output[EquipmentJSON], error) {
	cur, err := f.getEquipment(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	in.Body.Name.Apply(&cur.Name)
	in.Body.Kind.Apply(&cur.Kind)
	e, err := f.saveEquipment(ctx, in.ID, *cur)
	if err != nil {
		return nil, err
	}
	return &api.Output[EquipmentJSON]{Body: equipmentOut(e)}, nil
}

func (f *Feature) deleteEquipmentHandler(ctx context.Context, in *api.IDPath) (*struct{}, error) {
	return nil, f.deleteEquipment(ctx, in.ID)
}

func (f *Feature) listExercisesHandler(ctx context.Context, in *exerciseList) (*api.List[ExerciseJSON], error) {
	rows, more, err := f.listExercises(ctx, exerciseFilter{Kind: in.Kind, EquipmentID: in.Equipment}, in.Page())
	if err != nil {
		return nil, err
	}
	return api.NewList(ctx, api.Map(rows, exerciseOut), more, in.ListParams), nil
}

func (f *Feature) createExercise(ctx context.Context, in *exerciseBody) (*api.Created[ExerciseJSON], error) {
	e, err := f.saveExercise(ctx, 0, in.Body.model())
	if err != nil {
		return nil, err
	}
	return api.NewCreated(ctx, "exercises", e.ID, exerciseOut(e)), nil
}

func (f *Feature) getExerciseHandler(ctx context.Context, in *api.IDPath) (*api.Output[ExerciseJSON], error) {
	e, err := f.getExercise(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return &api.Output[ExerciseJSON]{Body: exerciseOut(e)}, nil
}

func (f *Feature) replaceExercise(ctx context.Context, in *exerciseUpdate) (*api.Output[ExerciseJSON], error) {
	e, err := f.saveExercise(ctx, in.ID, in.Body.model())
	if err != nil {
		return nil, err
	}
	return &api.Output[ExerciseJSON]{Body: exerciseOut(e)}, nil
}

func (f *Feature) patchExercise(ctx context.Context, in *exercisePatch) (*api.Output[ExerciseJSON], error) {
	cur, err := f.getExercise(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	in.Body.Name.Apply(&cur.Name)
	in.Body.Kind.Apply(&cur.Kind)
	if in.Body.Equipment.Set {
		cur.EquipmentID = nil
		if v := in.Body.Equipment.Value; v != nil {
			id := int64(*v)
			cur.EquipmentID = &id
		}
	}
	e, err := f.saveExercise(ctx, in.ID, *cur)
	if err != nil {
		return nil, err
	}
	return &api.Output[ExerciseJSON]{Body: exerciseOut(e)}, nil
}

func (f *Feature) deleteExerciseHandler(ctx context.Context, in *api.IDPath) (*struct{}, error) {
	return nil, f.deleteExercise(ctx, in.ID)
}
