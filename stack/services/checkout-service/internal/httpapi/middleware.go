package httpapi

import (
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"hademo/checkout-service/internal/logging"
	"hademo/checkout-service/internal/metrics"
	"hademo/checkout-service/internal/problem"
)

// requestID takes the caller's X-Request-Id (or makes one), echoes it and puts it in the
// request context, from where logs and downstream calls pick it up.
func requestID() gin.HandlerFunc {
	return func(c *gin.Context) {
		id := c.GetHeader(logging.RequestIDHeader)
		if !validRequestID(id) {
			id = uuid.NewString()
		}
		c.Header(logging.RequestIDHeader, id)
		c.Request = c.Request.WithContext(logging.WithRequestID(c.Request.Context(), id))
		c.Next()
	}
}

func validRequestID(id string) bool {
	if id == "" || len(id) > 128 {
		return false
	}
	for _, r := range id {
		if r < 0x21 || r > 0x7e {
			return false
		}
	}
	return true
}

// isInfrastructure marks paths that are neither counted in the latency histogram nor logged at info.
func isInfrastructure(path string) bool {
	return path == "/metrics" || strings.HasPrefix(path, "/health/")
}

// observe records every API request in the shared latency histogram and the access log.
func observe(m *metrics.Metrics, log *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		elapsed := time.Since(start)
		status := c.Writer.Status()
		path := c.Request.URL.Path
		level := slog.LevelInfo
		if isInfrastructure(path) {
			level = slog.LevelDebug
		} else {
			m.HTTPRequests.WithLabelValues(c.Request.Method, routeTemplate(c), strconv.Itoa(status),
				metrics.Outcome(status)).Observe(elapsed.Seconds())
		}
		log.Log(c.Request.Context(), level, "request", "method", c.Request.Method, "path", path,
			"status", status, "durationMs", float64(elapsed.Microseconds())/1000)
	}
}

// routeTemplate turns Gin's "/orders/:id" into the shared "/orders/{id}" form.
func routeTemplate(c *gin.Context) string {
	route := c.FullPath()
	if route == "" {
		return "UNKNOWN"
	}
	parts := strings.Split(route, "/")
	for i, p := range parts {
		if strings.HasPrefix(p, ":") || strings.HasPrefix(p, "*") {
			parts[i] = "{" + p[1:] + "}"
		}
	}
	return strings.Join(parts, "/")
}

// recoverer turns a panic into a 500 problem and one log line with the stack in a field.
func recoverer(log *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			if r := recover(); r != nil {
				log.ErrorContext(c.Request.Context(), "panic while serving request",
					"error", fmt.Sprint(r), "stack", string(debug.Stack()))
				problem.Write(c, problem.New(http.StatusInternalServerError, "internal",
					"The service failed unexpectedly; the failure was logged with this request's id."))
			}
		}()
		c.Next()
	}
}
