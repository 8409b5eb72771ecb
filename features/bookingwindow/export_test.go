package bookingwindow

// OpensAt exposes the window's opening to the time zone tests.
var OpensAt = opensAt

// The rule's reads, for the index test.
const (
	SegmentQuery     = segmentQuery
	PolicyOpensQuery = policyOpensQuery
)
