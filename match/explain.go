package match

import (
	"slices"
	"strconv"
	"strings"
)

// explain describes the last alignment kept by align, in query order, for a reviewer:
//
//	kim=kim, jong+un=jongun (glued), yong~yon 0.85, j.~john (initial); list only: chol
//
// "=" is equality after folding, "~" similarity with its score, "+" glued adjacent tokens.
func (al *aligner) explain(q, n *tokens) string {
	if len(q.toks) == 0 || len(n.toks) == 0 {
		return "no comparable name tokens"
	}
	var b strings.Builder
	b.Grow(64)
	chosen := al.chosen
	slices.SortFunc(chosen, func(x, y pair) int { return int(x.q) - int(y.q) })
	for k, p := range chosen {
		if k > 0 {
			b.WriteString(", ")
		}
		writeRun(&b, q, p.q, p.qn)
		glued := p.qn > 1 || p.nn > 1
		switch {
		case p.sim >= 1:
			b.WriteByte('=')
			writeRun(&b, n, p.n, p.nn)
			if glued {
				b.WriteString(" (glued)")
			}
		case p.korean:
			b.WriteByte('~')
			writeRun(&b, n, p.n, p.nn)
			b.WriteString(" (Korean romanisation variant)")
		case q.toks[p.q].kind == kindInitial || n.toks[p.n].kind == kindInitial:
			b.WriteByte('~')
			writeRun(&b, n, p.n, p.nn)
			b.WriteString(" (initial)")
		default:
			b.WriteByte('~')
			writeRun(&b, n, p.n, p.nn)
			b.WriteByte(' ')
			b.WriteString(strconv.FormatFloat(float64(p.sim), 'f', 2, 32))
			if glued {
				b.WriteString(" (glued)")
			}
		}
	}
	if len(chosen) == 0 {
		b.WriteString("no tokens align")
	}
	writeUnused(&b, "query only", q, al.usedQ)
	writeUnused(&b, "list only", n, al.usedN)
	return b.String()
}

func writeRun(b *strings.Builder, tl *tokens, start, n uint8) {
	for i := start; i < start+n; i++ {
		if i > start {
			b.WriteByte('+')
		}
		b.WriteString(tl.display(int(i)))
		if tl.toks[i].kind == kindInitial {
			b.WriteByte('.')
		}
	}
}

func writeUnused(b *strings.Builder, label string, tl *tokens, used uint32) {
	first := true
	for i := range tl.toks {
		if used&(1<<uint(i)) != 0 {
			continue
		}
		if first {
			b.WriteString("; ")
			b.WriteString(label)
			b.WriteString(": ")
			first = false
		} else {
			b.WriteString(" ")
		}
		b.WriteString(tl.display(i))
	}
}
