package httpapi

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"hademo/checkout-service/internal/orders"
	"hademo/checkout-service/internal/problem"
)

const (
	idempotencyKeyHeader = "Idempotency-Key"
	maxIdempotencyKey    = 255
)

func (h handlers) placeOrder(c *gin.Context) {
	key := c.GetHeader(idempotencyKeyHeader)
	if key == "" {
		problem.Write(c, problem.New(http.StatusBadRequest, "idempotency-key-missing",
			"POST /api/v1/checkout/orders requires an Idempotency-Key header (e.g. a UUID) so a retry cannot order twice."))
		return
	}
	if len(key) > maxIdempotencyKey || !printableASCII(key) {
		problem.Validation(c, "The Idempotency-Key header is not valid.",
			problem.FieldError{Field: idempotencyKeyHeader, Message: "must be 1-255 printable ASCII characters"})
		return
	}

	placement, err := h.Orders.Place(c, currentUser(c).ID, key)
	var unknown orders.UnknownProductError
	switch {
	case err == nil:
	case errors.Is(err, orders.ErrCartEmpty):
		problem.Write(c, problem.New(http.StatusUnprocessableEntity, "cart-empty",
			"The cart is empty; add items before placing an order."))
		return
	case errors.As(err, &unknown):
		problem.Write(c, problem.New(http.StatusUnprocessableEntity, "validation",
			"Product "+unknown.ProductID+" in the cart does not exist; remove it and try again."))
		return
	case errors.Is(err, orders.ErrPricesUnavailable):
		c.Header("Retry-After", "10")
		problem.Write(c, problem.New(http.StatusServiceUnavailable, "dependency-unavailable",
			"The product service is unavailable and not every product in the cart has a known price; try again later."))
		return
	case errors.Is(err, orders.ErrStillPlacing):
		c.Header("Retry-After", "1")
		problem.Write(c, problem.New(http.StatusConflict, "conflict",
			"An order with this Idempotency-Key is still being placed; retry with the same key to get it."))
		return
	default:
		h.internalError(c, err)
		return
	}

	o := placement.Order
	if placement.Replayed {
		c.Header("Idempotent-Replayed", "true")
	}
	c.Header("Location", "/api/v1/checkout/orders/"+o.ID)
	// Every answer for one key is derived from the order's state, so duplicates answer alike.
	switch o.Status {
	case orders.StatusConfirmed:
		c.JSON(http.StatusCreated, o.View())
	case orders.StatusPendingReservation:
		c.JSON(http.StatusAccepted, o.View())
	default:
		p := problem.New(http.StatusConflict, "order-cancelled", o.StatusReason)
		p.OrderID = o.ID
		problem.Write(c, p)
	}
}

func (h handlers) getOrder(c *gin.Context) {
	o, err := h.Repo.Get(c, c.Param("id"))
	// Someone else's order is "not found" too: its existence is none of the caller's business.
	if errors.Is(err, orders.ErrNotFound) || (err == nil && (o.UserID != currentUser(c).ID || o.Status == orders.StatusPlacing)) {
		problem.Write(c, problem.New(http.StatusNotFound, "not-found", "You have no order with this id."))
		return
	}
	if err != nil {
		h.internalError(c, err)
		return
	}
	c.JSON(http.StatusOK, o.View())
}

type orderPage struct {
	Items      []orders.View `json:"items"`
	NextCursor *string       `json:"nextCursor"`
}

func (h handlers) listOrders(c *gin.Context) {
	limit := 20
	if s := c.Query("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 100 {
			problem.Validation(c, "The limit is not valid.",
				problem.FieldError{Field: "limit", Message: "must be an integer from 1 to 100"})
			return
		}
		limit = n
	}
	list, next, err := h.Repo.ListByUser(c, currentUser(c).ID, int32(limit), c.Query("cursor"))
	if errors.Is(err, orders.ErrBadCursor) {
		problem.Validation(c, "The cursor is not valid.",
			problem.FieldError{Field: "cursor", Message: "must be a nextCursor value from a previous page"})
		return
	}
	if err != nil {
		h.internalError(c, err)
		return
	}
	page := orderPage{Items: make([]orders.View, 0, len(list))}
	for _, o := range list {
		page.Items = append(page.Items, o.View())
	}
	if next != "" {
		page.NextCursor = &next
	}
	c.JSON(http.StatusOK, page)
}

func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}
