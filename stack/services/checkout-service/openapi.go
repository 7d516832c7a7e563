// Package checkoutservice holds the service's committed API contract, served at /openapi.yaml.
package checkoutservice

import _ "embed"

// OpenAPI is openapi.yaml.
//
//go:embed openapi.yaml
var OpenAPI []byte
