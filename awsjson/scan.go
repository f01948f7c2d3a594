package awsjson

import (
	"encoding/json"
	"fmt"
	"strconv"
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

// null consumes a null if one is next.
func (s *scanner) null() (bool, error) {
	if s.peek() != 'n' {
		return false, nil
	}
	return true, s.literal("null")
}

// str reads a string. The result may alias data when it has no escapes.
func (s *scanner) str() ([]byte, error) {
	if s.peek() != '"' {
		return nil, s.syntax("want a string")
	}
	start := s.i
	s.i++
	plain := true
	for s.i < len(s.data) {
		c := s.data[s.i]
		switch {
		case c == '"':
			s.i++
			if plain {
				return s.data[start+1 : s.i-1], nil
			}
			var out string // escapes and non-ASCII: encoding/json's rules exactly
			if err := json.Unmarshal(s.data[start:s.i], &out); err != nil {
				return nil, s.syntaxAt(start, "invalid string")
			}
			return []byte(out), nil
		case c == '\\':
			plain = false
			s.i += 2
		case c < 0x20:
			return nil, s.syntax("control character in string")
		case c >= utf8.RuneSelf:
			plain = false
			s.i++
		default:
			s.i++
		}
	}
	return nil, s.syntaxAt(start, "unterminated string")
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
	return s.fail(fmt.Sprintf("invalid JSON at offset %d: %s", at, what))
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
