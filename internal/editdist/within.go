package editdist

// within returns the Levenshtein distance between a and b, in bytes, with
// ASCII letters folded, when it is at most limit (ok true). It fills only
// the band of the table within limit of its diagonal, Ukkonen's cut-off,
// and stops at the first row whose every cell is past limit: each row's
// least cell is at least the one before it. rows is scratch space, reused
// and returned.
func within(a, b string, limit int, rows []int) (d int, ok bool, _ []int) {
	if len(a) < len(b) {
		a, b = b, a // b, the shorter, spans a row
	}
	if limit < 0 || len(a)-len(b) > limit {
		return 0, false, rows
	}
	over := limit + 1 // every cell past limit holds this
	w := len(b) + 1
	if cap(rows) < 2*w {
		rows = make([]int, 2*w)
	}
	prev, cur := rows[:w], rows[w:2*w]
	for j := range prev {
		prev[j] = min(j, over)
	}
	for i := 1; i <= len(a); i++ {
		lo, hi := max(1, i-limit), min(len(b), i+limit)
		cur[lo-1] = over
		if lo == 1 {
			cur[0] = min(i, over)
		}
		least := cur[lo-1]
		ca := fold(a[i-1])
		for j := lo; j <= hi; j++ {
			sub := prev[j-1]
			if ca != fold(b[j-1]) {
				sub++
			}
			c := min(prev[j]+1, cur[j-1]+1, sub, over)
			cur[j] = c
			least = min(least, c)
		}
		if hi < len(b) {
			cur[hi+1] = over // the next row reads it as its prev[hi]
		}
		if least > limit {
			return 0, false, rows
		}
		prev, cur = cur, prev
	}
	return prev[len(b)], prev[len(b)] <= limit, rows
}

// fold lowers an ASCII capital letter.
func fold(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
