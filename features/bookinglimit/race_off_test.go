//go:build !race

package bookinglimit_test

// raceDetector is true under -race, where SQLite (pure Go) runs many times
// slower.
const raceDetector = false
