package milestones

// Queries of the rule, for the plan test.
const (
	ActiveQuery = activeQuery
	RecentQuery = recentQuery
	CountQuery  = countQuery
)
