// Package enrich looks facts up about identifiers: whether an email domain hands out throwaway mailboxes, what
// kind of line a phone number is and where it is registered. It is pure: its reference data is embedded at
// build time, so a lookup never touches the network or the disk and gives the same answer for the same build.
package enrich
