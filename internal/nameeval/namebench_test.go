package nameeval

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vigil-sec/vigil/internal/shareddata"
)

const casesHead = "case_group,schema,name1,name2,is_match,quality,category,notes\n"
const lvHead = "case_group,case_id,schema,name1,name2,is_match,quality,category,notes,score,predicted_match,outcome\n"

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoadNameBench(t *testing.T) {
	dir := t.TempDir()
	cases := writeFile(t, dir, "cases.csv", casesHead+
		"g1,Person,Kim Sang-man,\"KIM, Sang Man\",true,STRONG,,\n"+
		"g2,Person,Kim Sang-man,\"KIM, Sang Man\",true,STRONG,,repeated in another group\n"+
		"g1,Person,Kim Sang-hoon,\"KIM, Sang Man\",FALSE,MEDIUM,cat,note\n"+
		"g1,Company,Acme Ltd,Acme Limited,true,WEAK,,\n")
	lv := writeFile(t, dir, "lv.csv", lvHead+
		"g1,x1,Person,Kim Sang-man,\"KIM, Sang Man\",true,STRONG,,,0.95,true,TP\n"+
		"g1,x2,Person,Kim Sang-hoon,\"KIM, Sang Man\",true,MEDIUM,,,0.5,false,FN\n")
	got, err := LoadNameBench(cases, lv)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 4 {
		t.Fatalf("%d cases, want 4", len(got))
	}
	want := Case{Group: "g1", Schema: "Person", Name1: "Kim Sang-hoon", Name2: "KIM, Sang Man", Match: false,
		Quality: "MEDIUM", Category: "cat", Notes: "note", LogicV2: 0.5}
	if got[2] != want {
		t.Errorf("case 3: %+v, want %+v (the label is cases.csv's, the score logic-v2's)", got[2], want)
	}
	if got[0].LogicV2 != 0.95 || got[1].LogicV2 != 0.95 {
		t.Errorf("a pair repeated in two groups: scores %v %v, want 0.95 for both", got[0].LogicV2, got[1].LogicV2)
	}
	if !math.IsNaN(got[3].LogicV2) {
		t.Errorf("unscored pair: %v, want NaN", got[3].LogicV2)
	}
	noLV, err := LoadNameBench(cases, "")
	if err != nil || len(noLV) != 4 || !math.IsNaN(noLV[0].LogicV2) {
		t.Errorf("without logic-v2: %v %+v", err, noLV)
	}
}

func TestLoadNameBench_Errors(t *testing.T) {
	dir := t.TempDir()
	good := writeFile(t, dir, "good.csv", casesHead+"g,Person,A B,A B,true,STRONG,,\n")
	for _, tc := range []struct {
		name, cases, lv, want string
	}{
		{"missing file", "", "", "no such file"},
		{"empty", "", "-", "empty"},
		{"wrong header", "a,b,c\n", "-", "header"},
		{"short row", casesHead + "g,Person,A,B,true\n", "-", ":2: 5 fields"},
		{"bad label", casesHead + "g,Person,A,B,yes,STRONG,,\n", "-", ":2: is_match"},
		{"empty name", casesHead + "g,Person,,B,true,STRONG,,\n", "-", ":2: name1: empty"},
		{"long name", casesHead + "g,Person,A," + strings.Repeat("x", 1001) + ",true,STRONG,,\n", "-", ":2: name2"},
		{"bad quoting", casesHead + "g,Person,\"A,B,true,STRONG,,\n", "-", "cases.csv"},
		{"score not a number", "", lvHead + "g,x,Person,A B,A B,true,S,,,high,true,TP\n", ":2: score"},
		{"score out of range", "", lvHead + "g,x,Person,A B,A B,true,S,,,1.5,true,TP\n", ":2: score"},
		{"score NaN", "", lvHead + "g,x,Person,A B,A B,true,S,,,NaN,true,TP\n", ":2: score"},
		{"no score column", "", "name1,name2\nA,B\n", "no column score"},
		{"two scores for a pair", "", lvHead + "g,x,Person,A B,A B,true,S,,,0.5,true,TP\nh,y,Person,A B,A B,true,S,,,0.6,true,TP\n", ":3: the pair"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			casesPath, lvPath := good, ""
			switch {
			case tc.name == "missing file":
				casesPath = filepath.Join(dir, "absent.csv")
			case tc.lv == "-":
				casesPath = writeFile(t, dir, "cases.csv", tc.cases)
			default:
				lvPath = writeFile(t, dir, "lv.csv", tc.lv)
			}
			_, err := LoadNameBench(casesPath, lvPath)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

// TestLoadNameBench_Shared reads the real name bench: 826 pairs, of which logic-v2 scored 815 by their names
// (its file has 812 rows; cases.csv repeats some pairs in several groups). logic-v2's best F1 on them is
// 0.799 with cases.csv's labels (0.797 on its own 812 rows and labels, which the provenance rounds to 0.796
// on a 0.01 grid of thresholds).
func TestLoadNameBench_Shared(t *testing.T) {
	cases, err := LoadNameBench(shareddata.Path(t, "name-bench", "cases.csv"), shareddata.Path(t, "name-bench", "logicv2-frozen.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != 826 {
		t.Errorf("%d cases, want 826", len(cases))
	}
	lv := Select(cases, LogicV2Scores(cases), HasLogicV2)
	if len(lv) != 815 {
		t.Errorf("%d pairs scored by logic-v2, want 815", len(lv))
	}
	best := BestF1(lv)
	t.Logf("logic-v2 on %d pairs: best F1 %.3f at %.4f (P %.3f R %.3f)", len(lv), best.F1, best.Threshold, best.Precision, best.Recall)
	if math.Abs(best.F1-0.799) > 0.001 {
		t.Errorf("logic-v2 best F1 %.4f, want 0.799", best.F1)
	}
}
