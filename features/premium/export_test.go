package premium

// Queries of the rule, for the plan test.
const (
	PremiumQuery     = premiumQuery
	MembershipsQuery = membershipsQuery
)
