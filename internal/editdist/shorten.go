package editdist

import (
	"strconv"
	"unicode/utf8"
)

// MaxShown is how many bytes of a name a message shows: more than any AWS
// operation or member name has.
const MaxShown = 64

// Shorten returns name when it has at most MaxShown bytes, and otherwise
// its first MaxShown bytes or fewer, cut at the start of a character, and
// "…".
func Shorten(name string) string {
	if len(name) <= MaxShown {
		return name
	}
	cut := MaxShown
	for cut > 0 && !utf8.RuneStart(name[cut]) {
		cut--
	}
	return name[:cut] + "…"
}

// Quote returns name quoted as %q quotes it; a name longer than MaxShown
// is shortened first and followed by its length: "QQQ…" (1048576 bytes).
// A message built with it is small whatever the name's size.
func Quote(name string) string {
	q := strconv.Quote(Shorten(name))
	if len(name) > MaxShown {
		q += " (" + strconv.Itoa(len(name)) + " bytes)"
	}
	return q
}
