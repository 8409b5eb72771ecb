package premium

// Queries of the rule, for the plan test.
const (
	MarkQuery        = markQuery
	MembershipsQuery = membershipsQuery
)
