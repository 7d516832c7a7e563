package engine

import (
	"fmt"
	"math/rand/v2"
	"slices"
)

// Steps a mix can weigh. Logging in is not among them: it happens when a
// virtual user's cached token is missing or about to expire.
var Steps = []string{"browse", "product", "profile", "cart", "order", "insights"}

// Mix weighs the journey steps; weights are relative and need not add up to 100.
type Mix map[string]float64

// DefaultMix resembles a shop: most visitors look, some buy, and now and then
// someone checks their account or the shop's figures — so every service of
// the stack sees steady traffic.
func DefaultMix() Mix {
	return Mix{"browse": 50, "product": 30, "profile": 8, "cart": 6, "order": 4, "insights": 2}
}

// Validate reports the first problem as a field name and a message.
func (m Mix) Validate() (field, msg string, ok bool) {
	var total float64
	for step, w := range m {
		if !slices.Contains(Steps, step) {
			return "mix." + step, fmt.Sprintf("unknown step; known steps are %v", Steps), false
		}
		if w < 0 || w != w { // w != w: NaN
			return "mix." + step, "weight must be a number >= 0", false
		}
		total += w
	}
	if total <= 0 {
		return "mix", "at least one step needs a weight > 0", false
	}
	return "", "", true
}

// Clone returns a copy with every known step present.
func (m Mix) Clone() Mix {
	c := Mix{}
	for _, s := range Steps {
		c[s] = m[s]
	}
	return c
}

// picker draws steps in proportion to a mix's weights.
type picker struct {
	steps      []string
	cumulative []float64
}

func newPicker(m Mix) picker {
	var p picker
	var sum float64
	for _, s := range Steps {
		if w := m[s]; w > 0 {
			sum += w
			p.steps = append(p.steps, s)
			p.cumulative = append(p.cumulative, sum)
		}
	}
	return p
}

func (p picker) pick(r *rand.Rand) string {
	x := r.Float64() * p.cumulative[len(p.cumulative)-1]
	i, _ := slices.BinarySearch(p.cumulative, x)
	return p.steps[min(i, len(p.steps)-1)]
}
