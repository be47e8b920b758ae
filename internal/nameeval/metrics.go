package nameeval

import (
	"cmp"
	"math"
	"slices"
)

// Sample is one scored, labelled pair.
type Sample struct {
	Score float64
	Match bool
}

// PRF is the confusion of a set of samples at a threshold: a pair is predicted a match when its score is at
// least Threshold (a NaN score never is). Precision is 0 when nothing is predicted, recall 0 when there is no
// match, F1 0 when both are.
type PRF struct {
	Threshold             float64
	F1, Precision, Recall float64
	TP, FP, FN, TN        int
}

// At returns the confusion of samples at threshold th.
func At(samples []Sample, th float64) PRF {
	r := PRF{Threshold: th}
	for _, s := range samples {
		switch pred := s.Score >= th; {
		case pred && s.Match:
			r.TP++
		case pred:
			r.FP++
		case s.Match:
			r.FN++
		default:
			r.TN++
		}
	}
	r.fill()
	return r
}

func (r *PRF) fill() {
	r.Precision, r.Recall, r.F1 = 0, 0, 0
	if r.TP+r.FP > 0 {
		r.Precision = float64(r.TP) / float64(r.TP+r.FP)
	}
	if r.TP+r.FN > 0 {
		r.Recall = float64(r.TP) / float64(r.TP+r.FN)
	}
	if r.Precision+r.Recall > 0 {
		r.F1 = 2 * r.Precision * r.Recall / (r.Precision + r.Recall)
	}
}

// sweep calls f with the confusion at every distinct score of samples, from the highest to the lowest: these
// are all the thresholds that give different predictions (any other threshold predicts as the next distinct
// score above it, or nothing).
func sweep(samples []Sample, f func(PRF)) {
	sorted := make([]Sample, 0, len(samples))
	var pos, neg int
	for _, s := range samples {
		if s.Match {
			pos++
		} else {
			neg++
		}
		if !math.IsNaN(s.Score) {
			sorted = append(sorted, s)
		}
	}
	slices.SortFunc(sorted, func(a, b Sample) int { return cmp.Compare(b.Score, a.Score) })
	r := PRF{FN: pos, TN: neg}
	for i := 0; i < len(sorted); {
		th := sorted[i].Score
		for ; i < len(sorted) && sorted[i].Score == th; i++ {
			if sorted[i].Match {
				r.TP++
				r.FN--
			} else {
				r.FP++
				r.TN--
			}
		}
		r.Threshold = th
		r.fill()
		f(r)
	}
}

// BestF1 returns the confusion at the threshold with the highest F1 over all thresholds; among equal F1 the
// highest threshold wins. With no samples, or no match predicted at any threshold, F1 is 0.
func BestF1(samples []Sample) PRF {
	best := PRF{Threshold: math.Inf(1)}
	first := true
	sweep(samples, func(r PRF) {
		if first || r.F1 > best.F1 {
			best, first = r, false
		}
	})
	if first {
		return At(samples, math.Inf(1))
	}
	return best
}

// BestRecallAtPrecision returns the confusion at the threshold with the highest recall among those whose
// precision is at least minPrecision; among equal recall the highest threshold wins. ok is false when no
// threshold reaches minPrecision with a match predicted.
func BestRecallAtPrecision(samples []Sample, minPrecision float64) (r PRF, ok bool) {
	sweep(samples, func(c PRF) {
		// Compare counts, not the rounded ratio: 9 of 10 is precision 0.90 exactly.
		if c.TP == 0 || float64(c.TP) < minPrecision*float64(c.TP+c.FP)-1e-9 {
			return
		}
		if !ok || c.Recall > r.Recall {
			r, ok = c, true
		}
	})
	return r, ok
}

// Summary is what a report gives for one scorer on one set of pairs.
type Summary struct {
	Pairs, Matches int
	AtThreshold    PRF  // at the scorer's reporting threshold
	Best           PRF  // best F1 over all thresholds
	AtPrecision    PRF  // best recall at the precision floor
	AtPrecisionOK  bool // false when no threshold reaches the floor
}

// Summarize computes a Summary of samples at threshold th with the precision floor minPrecision.
func Summarize(samples []Sample, th, minPrecision float64) Summary {
	s := Summary{Pairs: len(samples), AtThreshold: At(samples, th), Best: BestF1(samples)}
	for _, x := range samples {
		if x.Match {
			s.Matches++
		}
	}
	s.AtPrecision, s.AtPrecisionOK = BestRecallAtPrecision(samples, minPrecision)
	return s
}

// Select pairs scores[i] with the label of cases[i] for the cases keep accepts (all when keep is nil). It
// panics when the slices differ in length: that is a bug in the caller, not bad data.
func Select(cases []Case, scores []float64, keep func(Case) bool) []Sample {
	if len(cases) != len(scores) {
		panic("nameeval.Select: cases and scores differ in length")
	}
	out := make([]Sample, 0, len(cases))
	for i, c := range cases {
		if keep == nil || keep(c) {
			out = append(out, Sample{Score: scores[i], Match: c.Match})
		}
	}
	return out
}

// HasLogicV2 keeps the cases logic-v2 scored, so that scorers are compared on the same pairs.
func HasLogicV2(c Case) bool { return !math.IsNaN(c.LogicV2) }

// LogicV2Scores returns the logic-v2 score of every case (NaN where absent), for Select.
func LogicV2Scores(cases []Case) []float64 {
	out := make([]float64, len(cases))
	for i, c := range cases {
		out[i] = c.LogicV2
	}
	return out
}
