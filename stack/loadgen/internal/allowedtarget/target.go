// Package allowedtarget decides where load may go: only to the stack's own load
// balancer or to this machine. A load test pointed anywhere else is an attack.
package allowedtarget

import (
	"fmt"
	"net"
	"net/url"
	"strings"
)

// LoadBalancerHost is the load balancer's service name in the Compose stack.
const LoadBalancerHost = "loadbalancer"

// Parse checks raw and returns it as a URL, or explains why it is refused.
func Parse(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("target %q is not a URL: %w", raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("target %q must use http or https", raw)
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("target %q must be a plain base URL without credentials, query or fragment", raw)
	}
	if !allowedHost(u.Hostname()) {
		return nil, fmt.Errorf("target %q refused: load goes only to %q or to a loopback address", raw, LoadBalancerHost)
	}
	return u, nil
}

func allowedHost(host string) bool {
	host = strings.ToLower(host)
	if host == LoadBalancerHost || host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
