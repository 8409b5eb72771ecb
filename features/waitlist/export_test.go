package waitlist

// QueueQuery is the read a cancel sends with its own, for the plan test.
const QueueQuery = queueQuery
