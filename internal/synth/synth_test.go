package synth_test

import (
	"encoding/json"
	"testing"

	"github.com/vigil-sec/vigil/internal/synth"
)

func TestSubjects(t *testing.T) {
	a, err := synth.Subjects(500, 7)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := synth.Subjects(500, 7)
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if string(ja) != string(jb) {
		t.Error("the same seed must give the same subjects")
	}
	for _, s := range a {
		s.Normalize()
		if err := s.Validate(); err != nil {
			t.Fatalf("%s: %v", s.ID, err)
		}
	}
}
