package nameeval

import (
	"math"
	"testing"
)

// table is a hand-made set of six scored pairs whose confusions are worked out by hand in the tests below.
var table = []Sample{
	{0.9, true}, {0.8, false}, {0.7, true}, {0.6, true}, {0.4, false}, {0.2, false},
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func checkPRF(t *testing.T, got PRF, th, p, r, f1 float64, tp, fp, fn, tn int) {
	t.Helper()
	if !near(got.Threshold, th) || !near(got.Precision, p) || !near(got.Recall, r) || !near(got.F1, f1) ||
		got.TP != tp || got.FP != fp || got.FN != fn || got.TN != tn {
		t.Errorf("got %+v, want threshold %v P %v R %v F1 %v TP %d FP %d FN %d TN %d", got, th, p, r, f1, tp, fp, fn, tn)
	}
}

func TestAt(t *testing.T) {
	for _, tc := range []struct {
		name           string
		samples        []Sample
		th             float64
		p, r, f1       float64
		tp, fp, fn, tn int
	}{
		{"between scores", table, 0.65, 2.0 / 3, 2.0 / 3, 2.0 / 3, 2, 1, 1, 2},
		{"on a score counts it", table, 0.6, 0.75, 1, 6.0 / 7, 3, 1, 0, 2},
		{"above all", table, 0.95, 0, 0, 0, 0, 0, 3, 3},
		{"below all", table, 0, 0.5, 1, 2.0 / 3, 3, 3, 0, 0},
		{"NaN is never predicted", []Sample{{math.NaN(), true}, {0.8, true}}, 0.5, 1, 0.5, 2.0 / 3, 1, 0, 1, 0},
		{"empty", nil, 0.5, 0, 0, 0, 0, 0, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkPRF(t, At(tc.samples, tc.th), tc.th, tc.p, tc.r, tc.f1, tc.tp, tc.fp, tc.fn, tc.tn)
		})
	}
}

func TestBestF1(t *testing.T) {
	t.Run("table", func(t *testing.T) {
		// Thresholds 0.9 0.8 0.7 0.6 0.4 0.2 give F1 0.5 0.4 0.667 0.857 0.75 0.667.
		checkPRF(t, BestF1(table), 0.6, 0.75, 1, 6.0/7, 3, 1, 0, 2)
	})
	t.Run("ties keep the higher threshold", func(t *testing.T) {
		// At 0.8: TP 1 FP 0 FN 1 → F1 2/3; at 0.3: TP 2 FP 2 FN 0 → F1 2/3.
		s := []Sample{{0.8, true}, {0.5, false}, {0.5, false}, {0.3, true}}
		checkPRF(t, BestF1(s), 0.8, 1, 0.5, 2.0/3, 1, 0, 1, 2)
	})
	t.Run("equal scores move together", func(t *testing.T) {
		// A threshold cannot split the two 0.5s: at 0.5 both are predicted.
		s := []Sample{{0.5, true}, {0.5, false}, {0.1, false}}
		checkPRF(t, BestF1(s), 0.5, 0.5, 1, 2.0/3, 1, 1, 0, 1)
	})
	t.Run("no match at all", func(t *testing.T) {
		got := BestF1([]Sample{{0.9, false}, {0.1, false}})
		if got.F1 != 0 {
			t.Errorf("F1 %v, want 0", got.F1)
		}
	})
	t.Run("empty", func(t *testing.T) {
		if got := BestF1(nil); got.F1 != 0 || got.TP+got.FP+got.FN+got.TN != 0 {
			t.Errorf("got %+v", got)
		}
	})
}

func TestBestRecallAtPrecision(t *testing.T) {
	for _, tc := range []struct {
		name    string
		samples []Sample
		minP    float64
		ok      bool
		th, r   float64
	}{
		{"only the top reaches 0.90", table, 0.90, true, 0.9, 1.0 / 3},
		{"0.75 reaches full recall", table, 0.75, true, 0.6, 1},
		{"nine of ten is 0.90 exactly", append(repeat(Sample{0.9, true}, 9), Sample{0.9, false}, Sample{0.1, true}, Sample{0.1, false}, Sample{0.1, false}), 0.90, true, 0.9, 0.9},
		{"never precise enough", []Sample{{0.9, false}, {0.8, true}}, 0.9, false, 0, 0}, // at 0.8 precision is 0.5
		{"unreachable", []Sample{{0.9, false}, {0.8, true}, {0.7, false}}, 0.9, false, 0, 0},
		{"empty", nil, 0.9, false, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := BestRecallAtPrecision(tc.samples, tc.minP)
			if ok != tc.ok {
				t.Fatalf("ok %v, want %v (%+v)", ok, tc.ok, got)
			}
			if ok && (!near(got.Threshold, tc.th) || !near(got.Recall, tc.r)) {
				t.Errorf("threshold %v recall %v, want %v %v", got.Threshold, got.Recall, tc.th, tc.r)
			}
			if ok && got.Precision < tc.minP-1e-9 {
				t.Errorf("precision %v below %v", got.Precision, tc.minP)
			}
		})
	}
}

func repeat(s Sample, n int) []Sample {
	out := make([]Sample, n)
	for i := range out {
		out[i] = s
	}
	return out
}

func TestSummarizeAndSelect(t *testing.T) {
	cases := []Case{
		{Name1: "a", Match: true, LogicV2: 0.9},
		{Name1: "b", Match: false, LogicV2: math.NaN()},
		{Name1: "c", Match: true, LogicV2: 0.2},
	}
	scores := []float64{0.8, 0.9, 0.7}
	all := Select(cases, scores, nil)
	if len(all) != 3 || all[1] != (Sample{0.9, false}) {
		t.Fatalf("Select all: %+v", all)
	}
	sub := Select(cases, scores, HasLogicV2)
	if len(sub) != 2 || sub[0] != (Sample{0.8, true}) || sub[1] != (Sample{0.7, true}) {
		t.Fatalf("Select HasLogicV2: %+v", sub)
	}
	lv := Select(cases, LogicV2Scores(cases), HasLogicV2)
	if len(lv) != 2 || lv[0].Score != 0.9 || lv[1].Score != 0.2 {
		t.Fatalf("logic-v2 samples: %+v", lv)
	}
	s := Summarize(all, 0.75, 0.9)
	if s.Pairs != 3 || s.Matches != 2 {
		t.Errorf("pairs %d matches %d", s.Pairs, s.Matches)
	}
	checkPRF(t, s.AtThreshold, 0.75, 0.5, 0.5, 0.5, 1, 1, 1, 0)
	// Thresholds 0.9 (F1 0), 0.8 (P 0.5 R 0.5), 0.7 (P 2/3 R 1 → F1 0.8).
	checkPRF(t, s.Best, 0.7, 2.0/3, 1, 0.8, 2, 1, 0, 0)
	if s.AtPrecisionOK {
		t.Errorf("precision 0.9 reached: %+v", s.AtPrecision)
	}
}
