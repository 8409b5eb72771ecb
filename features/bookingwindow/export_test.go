package bookingwindow

// OpensAt exposes the window's opening to the time zone tests.
var OpensAt = opensAt
