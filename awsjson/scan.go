package awsjson

import (
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/awsretry/awsretry/internal/editdist"
)

// maxDepth bounds the nesting of the input, so that no input can exhaust the
// stack. The SDK's deepest shapes are far shallower.
const maxDepth = 512

// scanner reads JSON tokens from data. It checks the grammar as strictly as
// encoding/json does. Its errors name an offset and a JSON path, never input.
type scanner struct {
	data  []byte
	i     int
	path  []seg
	depth int

	grammarOnly bool // check the grammar alone: a lone surrogate is no error
}

func (s *scanner) skipSpace() {
	for s.i < len(s.data) {
		switch s.data[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// peek returns the next byte after white space, or 0 at the end.
func (s *scanner) peek() byte {
	s.skipSpace()
	if s.i < len(s.data) {
		return s.data[s.i]
	}
	return 0
}

// expect consumes c after white space.
func (s *scanner) expect(c byte) error {
	if s.peek() != c {
		return s.syntax(fmt.Sprintf("want %q", c))
	}
	s.i++
	return nil
}

// literal consumes the word w (true, false or null).
func (s *scanner) literal(w string) error {
	if len(s.data)-s.i < len(w) || string(s.data[s.i:s.i+len(w)]) != w {
		return s.syntax("invalid literal")
	}
	s.i += len(w)
	return nil
}

// str reads a string. The result aliases data when the string has no
// escapes. JSON text must be UTF-8 (RFC 8259) and I-JSON (RFC 7493) forbids
// an escaped UTF-16 surrogate that is not in a pair: both are errors, never
// a U+FFFD in their place, since in a blob that would change the data.
func (s *scanner) str() ([]byte, error) {
	if s.peek() != '"' {
		return nil, s.syntax("want a string")
	}
	start := s.i
	s.i++
	for s.i < len(s.data) {
		switch c := s.data[s.i]; {
		case c == '"':
			s.i++
			return s.data[start+1 : s.i-1], nil
		case c == '\\':
			return s.unescape(start)
		case c < 0x20:
			return nil, s.syntax("control character in string")
		case c >= utf8.RuneSelf:
			if err := s.rune(); err != nil {
				return nil, err
			}
		default:
			s.i++
		}
	}
	return nil, s.syntaxAt(start, "unterminated string")
}

// rune consumes one multi-byte UTF-8 character, failing on invalid bytes.
func (s *scanner) rune() error {
	r, size := utf8.DecodeRune(s.data[s.i:])
	if r == utf8.RuneError && size == 1 {
		return s.syntax("invalid UTF-8 in a string")
	}
	s.i += size
	return nil
}

// unescape reads the rest of the string that begins at start, from its
// first backslash, into a new slice.
func (s *scanner) unescape(start int) ([]byte, error) {
	out := append([]byte(nil), s.data[start+1:s.i]...)
	for s.i < len(s.data) {
		c := s.data[s.i]
		switch {
		case c == '"':
			s.i++
			return out, nil
		case c == '\\' && s.i+1 < len(s.data) && s.data[s.i+1] == 'u':
			r, err := s.escapedRune()
			if err != nil {
				return nil, err
			}
			out = utf8.AppendRune(out, r)
			continue
		case c == '\\':
			if s.i+1 == len(s.data) {
				return nil, s.syntaxAt(start, "unterminated string")
			}
			b, ok := escaped(s.data[s.i+1])
			if !ok {
				return nil, s.syntax("invalid escape in string")
			}
			out = append(out, b)
			s.i += 2
			continue
		case c < 0x20:
			return nil, s.syntax("control character in string")
		case c >= utf8.RuneSelf:
			at := s.i
			if err := s.rune(); err != nil {
				return nil, err
			}
			out = append(out, s.data[at:s.i]...)
			continue
		default:
			out = append(out, c)
		}
		s.i++
	}
	return nil, s.syntaxAt(start, "unterminated string")
}

// escaped returns the byte that c stands for after a backslash.
func escaped(c byte) (byte, bool) {
	switch c {
	case '"', '\\', '/':
		return c, true
	case 'b':
		return '\b', true
	case 'f':
		return '\f', true
	case 'n':
		return '\n', true
	case 'r':
		return '\r', true
	case 't':
		return '\t', true
	}
	return 0, false
}

// escapedRune consumes \uXXXX, or a surrogate pair of them.
func (s *scanner) escapedRune() (rune, error) {
	r, ok := s.hex4(s.i + 2)
	if !ok {
		return 0, s.syntax("invalid \\u escape in string")
	}
	at := s.i
	s.i += 6
	if !utf16.IsSurrogate(r) {
		return r, nil
	}
	if s.grammarOnly {
		return utf8.RuneError, nil
	}
	if r < 0xdc00 && s.i+1 < len(s.data) && s.data[s.i] == '\\' && s.data[s.i+1] == 'u' {
		if lo, ok := s.hex4(s.i + 2); ok && 0xdc00 <= lo && lo <= 0xdfff {
			s.i += 6
			return utf16.DecodeRune(r, lo), nil
		}
	}
	return 0, s.fail(fmt.Sprintf("a string holds a UTF-16 surrogate that is not in a pair (\\u escape at offset %d), which I-JSON (RFC 7493) forbids", at))
}

// hex4 reads the four hex digits at data[at:].
func (s *scanner) hex4(at int) (rune, bool) {
	if at+4 > len(s.data) {
		return 0, false
	}
	var r rune
	for _, c := range s.data[at : at+4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// number reads a JSON number and returns its text.
func (s *scanner) number() ([]byte, error) {
	s.skipSpace()
	start := s.i
	if s.i < len(s.data) && s.data[s.i] == '-' {
		s.i++
	}
	switch {
	case s.i < len(s.data) && s.data[s.i] == '0':
		s.i++
	case s.i < len(s.data) && '1' <= s.data[s.i] && s.data[s.i] <= '9':
		s.digits()
	default:
		return nil, s.syntaxAt(start, "invalid number")
	}
	if s.i < len(s.data) && s.data[s.i] == '.' {
		s.i++
		if s.digits() == 0 {
			return nil, s.syntaxAt(start, "invalid number")
		}
	}
	if s.i < len(s.data) && (s.data[s.i] == 'e' || s.data[s.i] == 'E') {
		s.i++
		if s.i < len(s.data) && (s.data[s.i] == '+' || s.data[s.i] == '-') {
			s.i++
		}
		if s.digits() == 0 {
			return nil, s.syntaxAt(start, "invalid number")
		}
	}
	return s.data[start:s.i], nil
}

func (s *scanner) digits() int {
	n := 0
	for s.i < len(s.data) && '0' <= s.data[s.i] && s.data[s.i] <= '9' {
		s.i++
		n++
	}
	return n
}

// skip consumes one value, checking its grammar: a value of the wrong
// type is read through before it is reported, so that invalid JSON is
// reported as invalid JSON wherever it is.
func (s *scanner) skip() error {
	switch c := s.peek(); c {
	case '{':
		return s.object(func([]byte) error { return s.skip() })
	case '[':
		return s.array(func(int) error { return s.skip() })
	case '"':
		_, err := s.str()
		return err
	case 't':
		return s.literal("true")
	case 'f':
		return s.literal("false")
	case 'n':
		return s.literal("null")
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		_, err := s.number()
		return err
	}
	return s.syntax("want a JSON value")
}

// object calls fn for each key of an object, with the scanner at the key's
// value, which fn must consume. The key is pushed on the path meanwhile.
func (s *scanner) object(fn func(key []byte) error) error {
	if err := s.enter('{'); err != nil {
		return err
	}
	if s.peek() == '}' {
		s.i++
		s.depth--
		return nil
	}
	for {
		key, err := s.str()
		if err != nil {
			return err
		}
		if err := s.expect(':'); err != nil {
			return err
		}
		s.path = append(s.path, seg{key: key, idx: -1})
		if err := fn(key); err != nil {
			return err
		}
		s.path = s.path[:len(s.path)-1]
		switch s.peek() {
		case ',':
			s.i++
		case '}':
			s.i++
			s.depth--
			return nil
		default:
			return s.syntax("want ',' or '}'")
		}
	}
}

// array calls fn for each element, with its index pushed on the path.
func (s *scanner) array(fn func(i int) error) error {
	if err := s.enter('['); err != nil {
		return err
	}
	if s.peek() == ']' {
		s.i++
		s.depth--
		return nil
	}
	for n := 0; ; n++ {
		s.path = append(s.path, seg{idx: n})
		if err := fn(n); err != nil {
			return err
		}
		s.path = s.path[:len(s.path)-1]
		switch s.peek() {
		case ',':
			s.i++
		case ']':
			s.i++
			s.depth--
			return nil
		default:
			return s.syntax("want ',' or ']'")
		}
	}
}

func (s *scanner) enter(c byte) error {
	if err := s.expect(c); err != nil {
		return err
	}
	if s.depth++; s.depth > maxDepth {
		return s.fail(fmt.Sprintf("nested deeper than %d levels", maxDepth))
	}
	return nil
}

// end checks that only white space follows the value.
func (s *scanner) end() error {
	if s.peek() != 0 || s.i < len(s.data) {
		return s.syntax("data after the top-level value")
	}
	return nil
}

func (s *scanner) syntax(what string) error { return s.syntaxAt(s.i, what) }

func (s *scanner) syntaxAt(at int, what string) error {
	if at >= len(s.data) {
		what += " (unexpected end of input)"
	}
	return &Error{Path: pathString(s.path), Reason: fmt.Sprintf("invalid JSON at offset %d: %s", at, what), Err: errInput, syntax: true}
}

// firstSyntaxError returns err, or the first syntax error in data when
// there is one: invalid JSON is reported as such even where the decoder
// stopped before it, at a wrong type or an unknown key, as encoding/json
// checks the whole input first. Past maxDepth the check stops, as Decode
// does, and that is the error then. It runs on the error path only.
func firstSyntaxError(data []byte, err error) error {
	if e, ok := err.(*Error); ok && e.syntax {
		return err
	}
	v := scanner{data: data, grammarOnly: true}
	found := v.skip()
	if found == nil {
		found = v.end()
	}
	if found != nil { // a syntax error, or nesting too deep to check
		return found
	}
	return err
}

// fail returns an *Error at the current path.
func (s *scanner) fail(reason string) error {
	return &Error{Path: pathString(s.path), Reason: reason, Err: errInput}
}

// seg is one step of a JSON path: an object key, or an array index when
// idx >= 0. Keys alias the input and become strings only in an error, cut
// short there when long.
type seg struct {
	key  []byte // a decoded key, aliasing the input
	name string // an encoded member or map key
	idx  int
}

func (g seg) String() string {
	switch {
	case g.idx >= 0:
		return strconv.Itoa(g.idx)
	case g.key != nil:
		return shortKey(g.key)
	}
	return editdist.Shorten(g.name)
}
