package bookinglimit

// HeldQuery is the rule's query, for the plan test.
const HeldQuery = heldQuery
