package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/gymtastic/gymtastic/core"
)

// ClassType is a class type as the API shows and takes it.
type ClassType struct {
	ID          int64  `json:"id" readOnly:"true" example:"3"`
	Name        string `json:"name" minLength:"1" maxLength:"256" doc:"Unique, ignoring case." example:"Yoga"`
	Description string `json:"description" required:"false" maxLength:"10000" doc:"May be empty." example:"Vinyasa flow for every level."`
}

// ClassTypePatch changes the fields given.
type ClassTypePatch struct {
	ID          *int64        `json:"id,omitempty" readOnly:"true"`
	Name        Patch[string] `json:"name,omitempty" minLength:"1" maxLength:"256"`
	Description Patch[string] `json:"description,omitempty" maxLength:"10000"`
}

func classTypeOut(c *core.ClassType) ClassType {
	return ClassType{ID: c.ID, Name: c.Name, Description: c.Description}
}

type classTypeBody struct {
	Body ClassType
}

type classTypeUpdate struct {
	IDPath
	Body ClassType
}

type classTypePatch struct {
	IDPath
	Body ClassTypePatch
}

type classTypeList struct {
	ListParams
	Name string `query:"name" doc:"Exact name, ignoring case."`
}

func classTypeRoutes(api huma.API, svc *core.Service) {
	const tag = "Class types"
	huma.Register(api, Op(Schedule, http.MethodGet, "/class_types", "list-class-types", tag, "List class types", "Ordered by id."),
		func(ctx context.Context, in *classTypeList) (*List[ClassType], error) {
			rows, more, err := svc.ListClassTypes(ctx, core.ClassTypeFilter{Name: in.Name}, in.Page())
			if err != nil {
				return nil, err
			}
			return NewList(ctx, Map(rows, classTypeOut), more, in.ListParams), nil
		})
	huma.Register(api, Refusals(Op(StaffOnly, http.MethodPost, "/class_types", "create-class-type", tag, "Create a class type",
		"409 `name_taken` when another class type has the name, ignoring case."), core.ErrNameTaken),
		func(ctx context.Context, in *classTypeBody) (*Created[ClassType], error) {
			c, err := svc.CreateClassType(ctx, core.ClassTypeInput{Name: in.Body.Name, Description: in.Body.Description})
			if err != nil {
				return nil, err
			}
			return NewCreated(ctx, "class_types", c.ID, classTypeOut(c)), nil
		})
	huma.Register(api, Op(Schedule, http.MethodGet, "/class_types/{id}", "get-class-type", tag, "Get a class type", ""),
		func(ctx context.Context, in *IDPath) (*Output[ClassType], error) {
			c, err := svc.GetClassType(ctx, in.ID)
			if err != nil {
				return nil, err
			}
			return &Output[ClassType]{classTypeOut(c)}, nil
		})
	huma.Register(api, Refusals(Op(StaffOnly, http.MethodPut, "/class_types/{id}", "replace-class-type", tag, "Replace a class type", ""), core.ErrNameTaken),
		func(ctx context.Context, in *classTypeUpdate) (*Output[ClassType], error) {
			c, err := svc.UpdateClassType(ctx, in.ID, core.ClassTypeInput{Name: in.Body.Name, Description: in.Body.Description})
			if err != nil {
				return nil, err
			}
			return &Output[ClassType]{classTypeOut(c)}, nil
		})
	huma.Register(api, Refusals(Op(StaffOnly, http.MethodPatch, "/class_types/{id}", "update-class-type", tag, "Change some of a class type's fields", ""),
		core.ErrNameTaken),
		func(ctx context.Context, in *classTypePatch) (*Output[ClassType], error) {
			cur, err := svc.GetClassType(ctx, in.ID)
			if err != nil {
				return nil, err
			}
			next := core.ClassTypeInput{Name: cur.Name, Description: cur.Description}
			in.Body.Name.Apply(&next.Name)
			in.Body.Description.Apply(&next.Description)
			c, err := svc.UpdateClassType(ctx, in.ID, next)
			if err != nil {
				return nil, err
			}
			return &Output[ClassType]{classTypeOut(c)}, nil
		})
	huma.Register(api, Refusals(Op(StaffOnly, http.MethodDelete, "/class_types/{id}", "delete-class-type", tag, "Delete a class type",
		"409 `class_type_in_use` when the class type has sessions."), core.ErrClassTypeInUse),
		func(ctx context.Context, in *IDPath) (*struct{}, error) {
			return nil, svc.DeleteClassType(ctx, in.ID)
		})
}
