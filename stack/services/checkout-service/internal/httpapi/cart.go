package httpapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"

	"github.com/gin-gonic/gin"

	"hademo/checkout-service/internal/cart"
	"hademo/checkout-service/internal/catalog"
	"hademo/checkout-service/internal/problem"
)

const (
	maxQuantity  = 99
	maxCartLines = 50
	maxBodyBytes = 16 << 10
)

var productIDPattern = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

type cartView struct {
	Items         []cart.Item `json:"items"`
	TotalQuantity int         `json:"totalQuantity"`
}

func (h handlers) getCart(c *gin.Context) {
	h.writeCart(c, currentUser(c).ID)
}

func (h handlers) writeCart(c *gin.Context, userID string) {
	items, err := h.Carts.Items(c, userID)
	if err != nil {
		h.internalError(c, err)
		return
	}
	total := 0
	for _, it := range items {
		total += it.Quantity
	}
	c.JSON(http.StatusOK, cartView{Items: items, TotalQuantity: total})
}

type quantityBody struct {
	Quantity *int `json:"quantity"`
}

func (h handlers) putCartItem(c *gin.Context) {
	productID := c.Param("productId")
	if !productIDPattern.MatchString(productID) {
		problem.Validation(c, "The product id is not valid.",
			problem.FieldError{Field: "productId", Message: "must be 1-64 letters, digits, '.', '_' or '-'"})
		return
	}
	var body quantityBody
	if err := decodeJSON(c, &body); err != nil {
		problem.Validation(c, err.Error())
		return
	}
	if body.Quantity == nil || *body.Quantity < 1 || *body.Quantity > maxQuantity {
		problem.Validation(c, "The quantity is missing or out of range.",
			problem.FieldError{Field: "quantity", Message: fmt.Sprintf("must be an integer from 1 to %d", maxQuantity)})
		return
	}
	user := currentUser(c)
	items, err := h.Carts.Items(c, user.ID)
	if err != nil {
		h.internalError(c, err)
		return
	}
	if len(items) >= maxCartLines && !containsProduct(items, productID) {
		problem.Write(c, problem.New(http.StatusUnprocessableEntity, "validation",
			fmt.Sprintf("A cart holds at most %d different products.", maxCartLines)))
		return
	}
	// Looking the product up also refreshes its cached price. While the product service is
	// unavailable the item is accepted anyway: the order will say whether it can be priced.
	if _, err := h.Catalog.Product(c, productID); errors.Is(err, catalog.ErrNotFound) {
		problem.Write(c, problem.New(http.StatusNotFound, "not-found", "Product "+productID+" does not exist."))
		return
	}
	if err := h.Carts.Set(c, user.ID, productID, *body.Quantity); err != nil {
		h.internalError(c, err)
		return
	}
	h.writeCart(c, user.ID)
}

func (h handlers) deleteCartItem(c *gin.Context) {
	productID := c.Param("productId")
	if !productIDPattern.MatchString(productID) {
		problem.Validation(c, "The product id is not valid.",
			problem.FieldError{Field: "productId", Message: "must be 1-64 letters, digits, '.', '_' or '-'"})
		return
	}
	user := currentUser(c)
	if err := h.Carts.Remove(c, user.ID, productID); err != nil {
		h.internalError(c, err)
		return
	}
	h.writeCart(c, user.ID)
}

func containsProduct(items []cart.Item, productID string) bool {
	for _, it := range items {
		if it.ProductID == productID {
			return true
		}
	}
	return false
}

// decodeJSON reads one JSON object from the body, rejecting unknown fields, wrong types and
// oversized bodies with a message a developer can act on.
func decodeJSON(c *gin.Context, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(c.Writer, c.Request.Body, maxBodyBytes))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	var tooLarge *http.MaxBytesError
	switch {
	case err == nil:
		if dec.More() {
			return errors.New("The body must hold a single JSON object.")
		}
		return nil
	case errors.Is(err, io.EOF):
		return errors.New("The request body is empty; a JSON object is required.")
	case errors.As(err, &typeErr) && typeErr.Field == "":
		return errors.New("The request body must be a JSON object.")
	case errors.As(err, &typeErr):
		return fmt.Errorf("Field %q has the wrong type: expected %s.", typeErr.Field, typeErr.Type)
	case errors.As(err, &syntaxErr), errors.Is(err, io.ErrUnexpectedEOF):
		return errors.New("The request body is not valid JSON.")
	case errors.As(err, &tooLarge):
		return fmt.Errorf("The request body exceeds %d bytes.", maxBodyBytes)
	default:
		return fmt.Errorf("The request body is not acceptable: %v.", err)
	}
}
