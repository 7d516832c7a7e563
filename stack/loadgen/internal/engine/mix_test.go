package engine

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestPickerDrawsStepsInProportionToTheirWeights(t *testing.T) {
	mix := DefaultMix()
	p := newPicker(mix)
	r := rand.New(rand.NewPCG(1, 2))
	const draws = 200_000
	counts := map[string]int{}
	for range draws {
		counts[p.pick(r)]++
	}
	var total float64
	for _, w := range mix {
		total += w
	}
	for step, w := range mix {
		want := w / total
		if got := float64(counts[step]) / draws; math.Abs(got-want) > 0.005 {
			t.Errorf("step %s drawn %.3f of the time, want %.3f", step, got, want)
		}
	}
}

func TestMixValidationRejectsUnknownStepsNegativeWeightsAndAllZero(t *testing.T) {
	for _, bad := range []Mix{{"teleport": 1}, {"browse": -1}, {"browse": 0}, {}, {"browse": math.NaN()}} {
		if _, _, ok := bad.Validate(); ok {
			t.Errorf("mix %v accepted, want refused", bad)
		}
	}
	if _, msg, ok := (Mix{"order": 1}).Validate(); !ok {
		t.Errorf("a single-step mix refused: %s", msg)
	}
}
