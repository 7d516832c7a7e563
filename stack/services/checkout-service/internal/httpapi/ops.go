package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"hademo/checkout-service/internal/resilience"
)

type check struct {
	Status string `json:"status"`
	Detail string `json:"detail,omitempty"`
}

type health struct {
	Status string           `json:"status"`
	Checks map[string]check `json:"checks"`
}

func (h handlers) live(c *gin.Context) {
	c.JSON(http.StatusOK, health{Status: "UP", Checks: map[string]check{}})
}

// ready checks the service's own stores. The product and user services are deliberately not
// checked: checkout keeps serving while they are down, which is the point of the breakers.
func (h handlers) ready(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c, 2*time.Second)
	defer cancel()
	checks := map[string]check{
		"dynamodb": toCheck(h.Repo.Ping(ctx)),
		"redis":    toCheck(h.Redis.Ping(ctx).Err()),
	}
	body := health{Status: "UP", Checks: checks}
	for _, ch := range checks {
		if ch.Status != "UP" {
			body.Status = "DOWN"
		}
	}
	status := http.StatusOK
	if body.Status != "UP" {
		status = http.StatusServiceUnavailable
	}
	c.JSON(status, body)
}

func toCheck(err error) check {
	if err != nil {
		return check{Status: "DOWN", Detail: err.Error()}
	}
	return check{Status: "UP"}
}

type resilienceView struct {
	Dependencies []resilience.Snapshot `json:"dependencies"`
	Orders       resilienceOrders      `json:"orders"`
}

type resilienceOrders struct {
	// PendingReservations is nil when the count cannot be read right now.
	PendingReservations *int `json:"pendingReservations"`
}

func (h handlers) resilience(c *gin.Context) {
	view := resilienceView{Dependencies: make([]resilience.Snapshot, 0, len(h.Dependencies))}
	for _, d := range h.Dependencies {
		view.Dependencies = append(view.Dependencies, d.Snapshot())
	}
	if n, err := h.Repo.CountPendingReservations(c); err == nil {
		view.Orders.PendingReservations = &n
	}
	c.JSON(http.StatusOK, view)
}
