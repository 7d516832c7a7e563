package allowedtarget

import "testing"

func TestParseAcceptsOnlyTheLoadBalancerAndLoopback(t *testing.T) {
	for _, ok := range []string{"http://loadbalancer:8080", "http://127.0.0.1:8080/", "http://localhost:1", "http://[::1]:8080", "http://127.0.0.2:80"} {
		if _, err := Parse(ok); err != nil {
			t.Errorf("Parse(%q) refused: %v", ok, err)
		}
	}
	for _, bad := range []string{"http://example.com", "http://10.0.0.1:8080", "http://product-service:8081",
		"http://loadbalancer.evil.com", "ftp://127.0.0.1", "http://user:pw@127.0.0.1", "127.0.0.1:8080", "http://192.168.1.5"} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) accepted, want refused", bad)
		}
	}
}
