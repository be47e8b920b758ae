package uk

// SetMaxContentBytes lowers the cap on the spreadsheet's uncompressed content.xml for a test and returns a
// function that restores it.
func SetMaxContentBytes(n int64) (restore func()) {
	old := maxContentBytes
	maxContentBytes = n
	return func() { maxContentBytes = old }
}
