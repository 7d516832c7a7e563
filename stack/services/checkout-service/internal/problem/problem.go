// Package problem writes RFC 9457 problem details (application/problem+json).
package problem

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// ContentType is the media type of every error response.
const ContentType = "application/problem+json"

const typePrefix = "https://ha-demo.dev/problems/"

// FieldError names one invalid input field.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Problem is the error body shared by all services.
type Problem struct {
	Type     string       `json:"type"`
	Title    string       `json:"title"`
	Status   int          `json:"status"`
	Detail   string       `json:"detail"`
	Instance string       `json:"instance"`
	Errors   []FieldError `json:"errors,omitempty"`
	// OrderID names the order a problem is about (e.g. a cancelled order), so a client can look it up.
	OrderID string `json:"orderId,omitempty"`
}

// New builds a problem of the given slug (e.g. "validation") for the request path.
func New(status int, slug, detail string) Problem {
	return Problem{
		Type:   typePrefix + slug,
		Title:  http.StatusText(status),
		Status: status,
		Detail: detail,
	}
}

// Write sends p as the response and stops the handler chain.
func Write(c *gin.Context, p Problem) {
	p.Instance = c.Request.URL.Path
	c.Header("Content-Type", ContentType)
	c.AbortWithStatusJSON(p.Status, p)
}

// Validation sends a 400 validation problem listing the invalid fields.
func Validation(c *gin.Context, detail string, errs ...FieldError) {
	p := New(http.StatusBadRequest, "validation", detail)
	p.Errors = errs
	Write(c, p)
}
