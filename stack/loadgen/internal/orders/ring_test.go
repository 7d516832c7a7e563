package orders

import (
	"bytes"
	"strings"
	"testing"
)

func TestRingKeepsNewestOrdersAndPagesOldestFirst(t *testing.T) {
	var journal bytes.Buffer
	r := NewRing(3, &journal)
	for _, id := range []string{"o1", "o2", "o3", "o4", "o5"} {
		if _, err := r.Add(Order{ID: id}); err != nil {
			t.Fatal(err)
		}
	}
	p := r.After(0, 10)
	if p.Total != 5 || p.Evicted != 2 || len(p.Items) != 3 || p.Items[0].ID != "o3" || p.Items[2].ID != "o5" {
		t.Fatalf("got %+v, want o3..o5 with 2 evicted", p)
	}
	p = r.After(3, 1)
	if len(p.Items) != 1 || p.Items[0].ID != "o4" || p.NextSeq != 4 {
		t.Fatalf("paging after seq 3 gave %+v, want o4 and nextAfter 4", p)
	}
	if n := strings.Count(journal.String(), "\n"); n != 5 {
		t.Errorf("journal has %d lines, want all 5 orders", n)
	}
}
