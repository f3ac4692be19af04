package store

// Exported for the external tests in package store_test only.
const AppID = appID

var (
	Stamp      = stamp
	ParseStamp = parseStamp
)
