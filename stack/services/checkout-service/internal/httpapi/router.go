// Package httpapi is the service's HTTP interface: routes, middleware and handlers.
package httpapi

import (
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/redis/go-redis/v9"

	"hademo/checkout-service/internal/auth"
	"hademo/checkout-service/internal/cart"
	"hademo/checkout-service/internal/catalog"
	"hademo/checkout-service/internal/metrics"
	"hademo/checkout-service/internal/orders"
	"hademo/checkout-service/internal/problem"
	"hademo/checkout-service/internal/resilience"
)

// Deps are what the handlers use.
type Deps struct {
	Log          *slog.Logger
	Metrics      *metrics.Metrics
	Verifier     *auth.Verifier
	Carts        *cart.Store
	Catalog      *catalog.Client
	Orders       *orders.Service
	Repo         *orders.Repository
	Redis        *redis.Client
	Dependencies []*resilience.Client
	OpenAPI      []byte
}

type handlers struct{ Deps }

// NewRouter builds the Gin engine with every route.
func NewRouter(d Deps) *gin.Engine {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.HandleMethodNotAllowed = true
	r.ContextWithFallback = true
	h := handlers{d}

	r.Use(requestID(), observe(d.Metrics, d.Log), recoverer(d.Log))
	r.NoRoute(func(c *gin.Context) {
		problem.Write(c, problem.New(http.StatusNotFound, "not-found", "No resource at this path."))
	})
	r.NoMethod(func(c *gin.Context) {
		problem.Write(c, problem.New(http.StatusMethodNotAllowed, "method-not-allowed",
			"This path does not support the "+c.Request.Method+" method."))
	})

	r.GET("/health/live", h.live)
	r.GET("/health/ready", h.ready)
	r.GET("/metrics", gin.WrapH(promhttp.HandlerFor(d.Metrics.Registry, promhttp.HandlerOpts{})))
	r.GET("/openapi.yaml", func(c *gin.Context) { c.Data(http.StatusOK, "application/yaml", d.OpenAPI) })

	api := r.Group("/api/v1/checkout")
	// Public: the dashboard shows it, and it holds nothing personal.
	api.GET("/resilience", h.resilience)

	user := api.Group("", authenticate(d.Verifier))
	user.GET("/cart", h.getCart)
	user.PUT("/cart/items/:productId", h.putCartItem)
	user.DELETE("/cart/items/:productId", h.deleteCartItem)
	user.POST("/orders", h.placeOrder)
	user.GET("/orders", h.listOrders)
	user.GET("/orders/:id", h.getOrder)
	return r
}

// internalError logs err and answers 500 without leaking details.
func (h handlers) internalError(c *gin.Context, err error) {
	h.Log.ErrorContext(c.Request.Context(), "request failed", "error", err.Error())
	problem.Write(c, problem.New(http.StatusInternalServerError, "internal",
		"The service failed unexpectedly; the failure was logged with this request's id."))
}
