package milestones

// Queries of the rule, for the plan test.
const (
	ActiveQuery = activeQuery
	CountQuery  = countQuery
)
