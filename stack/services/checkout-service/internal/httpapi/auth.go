package httpapi

import (
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"hademo/checkout-service/internal/auth"
	"hademo/checkout-service/internal/problem"
)

const userKey = "user"

// authenticate admits requests with a valid bearer token from the user service.
func authenticate(v *auth.Verifier) gin.HandlerFunc {
	return func(c *gin.Context) {
		header := c.GetHeader("Authorization")
		token, ok := strings.CutPrefix(header, "Bearer ")
		if !ok || strings.TrimSpace(token) == "" {
			unauthorized(c, "A bearer token from the user service is required.")
			return
		}
		user, err := v.Verify(c.Request.Context(), strings.TrimSpace(token))
		switch {
		case errors.Is(err, auth.ErrKeysUnavailable):
			c.Header("Retry-After", "5")
			problem.Write(c, problem.New(http.StatusServiceUnavailable, "dependency-unavailable",
				"The token's signing key is unknown and the user service's key set cannot be fetched right now."))
			return
		case err != nil:
			unauthorized(c, "The bearer token is invalid or expired.")
			return
		}
		c.Set(userKey, user)
		c.Next()
	}
}

func unauthorized(c *gin.Context, detail string) {
	c.Header("WWW-Authenticate", `Bearer realm="ha-demo"`)
	problem.Write(c, problem.New(http.StatusUnauthorized, "unauthorized", detail))
}

func currentUser(c *gin.Context) auth.User {
	return c.MustGet(userKey).(auth.User)
}
