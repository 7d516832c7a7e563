package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/golang-jwt/jwt/v5"
	"github.com/redis/go-redis/v9"

	"hademo/checkout-service/internal/app"
	"hademo/checkout-service/internal/config"
	"hademo/checkout-service/internal/standin"
	"hademo/checkout-service/internal/testenv"
)

var (
	redisServer *testenv.Server
	motoServer  *testenv.Server
	apiRouter   routers.Router
	tableSeq    atomic.Int32
)

// TestMain starts a real redis-server and moto_server for the whole package.
func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	var err error
	if redisServer, err = testenv.StartRedis(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer redisServer.Stop()
	if motoServer, err = testenv.StartMoto(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer motoServer.Stop()
	if apiRouter, err = loadOpenAPI("../../openapi.yaml"); err != nil {
		fmt.Fprintln(os.Stderr, "openapi.yaml:", err)
		return 1
	}
	os.Setenv("AWS_ACCESS_KEY_ID", "test")
	os.Setenv("AWS_SECRET_ACCESS_KEY", "test")
	return m.Run()
}

func loadOpenAPI(path string) (routers.Router, error) {
	doc, err := openapi3.NewLoader().LoadFromFile(path)
	if err != nil {
		return nil, err
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, err
	}
	doc.Servers = nil // match any host: the service under test listens on a random port
	return gorillamux.NewRouter(doc)
}

// harness is one checkout service (with its own table and breakers) in front of local stand-ins
// for the product and user services, on the shared Redis and moto server.
type harness struct {
	t       *testing.T
	app     *app.App
	server  *httptest.Server
	product *standin.Product
	issuer  *testIssuer
	redis   *redis.Client
	dynamo  *dynamodb.Client
}

type harnessOption func(*config.Config)

func newHarness(t *testing.T, opts ...harnessOption) *harness {
	t.Helper()
	issuer, err := standin.NewIssuer()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(issuer.Close)
	h := &harness{t: t, product: standin.NewProduct(), issuer: &testIssuer{issuer}}
	t.Cleanup(h.product.Close)
	h.redis = redis.NewClient(&redis.Options{Addr: redisServer.Addr()})
	t.Cleanup(func() { h.redis.Close() })
	if err := h.redis.FlushAll(context.Background()).Err(); err != nil {
		t.Fatal(err)
	}
	cfg := config.Config{
		AWSRegion:            "eu-central-1",
		DynamoDBEndpoint:     "http://" + motoServer.Addr(),
		RedisURL:             "redis://" + redisServer.Addr(),
		TablePrefix:          fmt.Sprintf("t%d_", tableSeq.Add(1)),
		ProductServiceURL:    h.product.URL(),
		UserServiceURL:       h.issuer.URL(),
		LogLevel:             "warn",
		Version:              "test",
		DependencyTimeout:    300 * time.Millisecond,
		RetryAttempts:        2,
		RetryBaseDelay:       10 * time.Millisecond,
		BreakerFailures:      3,
		BreakerOpenTimeout:   time.Second,
		ReconcileInterval:    150 * time.Millisecond,
		ProcessingLease:      5 * time.Second,
		DuplicateWaitTimeout: 10 * time.Second,
	}
	for _, o := range opts {
		o(&cfg)
	}
	a, err := app.New(context.Background(), cfg, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	h.app = a
	h.server = httptest.NewServer(a.Handler)
	t.Cleanup(h.server.Close)
	t.Cleanup(func() { a.Close() })
	h.dynamo = dynamodb.NewFromConfig(aws.Config{Region: cfg.AWSRegion, Credentials: credentials.NewStaticCredentialsProvider("test", "test", "")},
		func(o *dynamodb.Options) { o.BaseEndpoint = aws.String(cfg.DynamoDBEndpoint) })
	return h
}

// runReconciler runs the background reconciler until the test ends.
func (h *harness) runReconciler() {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { h.app.Reconciler.Run(ctx); close(done) }()
	h.t.Cleanup(func() { cancel(); <-done })
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("body is not a JSON object: %v: %s", err, r.body)
	}
	return m
}

// do sends a request and checks the response against openapi.yaml.
func (h *harness) do(method, path, token string, body any, headers ...string) response {
	h.t.Helper()
	var reader io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		reader = strings.NewReader(b)
	default:
		data, _ := json.Marshal(b)
		reader = bytes.NewReader(data)
	}
	req, _ := http.NewRequest(method, h.server.URL+path, reader)
	if reader != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	r := response{status: resp.StatusCode, header: resp.Header, body: data}
	if err := conformsToOpenAPI(req, r); err != nil {
		h.t.Errorf("%s %s → %d does not conform to openapi.yaml: %v\n%s", method, path, r.status, err, data)
	}
	return r
}

func conformsToOpenAPI(req *http.Request, r response) error {
	route, params, err := apiRouter.FindRoute(req)
	if err != nil {
		if r.status == http.StatusNotFound || r.status == http.StatusMethodNotAllowed {
			return nil // an unknown path: nothing in the document to conform to
		}
		return err
	}
	return openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request: req, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
		},
		Status: r.status,
		Header: r.header,
		Body:   io.NopCloser(bytes.NewReader(r.body)),
		Options: &openapi3filter.Options{
			IncludeResponseStatus: true,
			AuthenticationFunc:    openapi3filter.NoopAuthenticationFunc,
		},
	})
}

// putInCart adds a product to the user's cart and fails the test unless it worked.
func (h *harness) putInCart(token, productID string, quantity int) {
	h.t.Helper()
	r := h.do(http.MethodPut, "/api/v1/checkout/cart/items/"+productID, token, map[string]int{"quantity": quantity})
	if r.status != http.StatusOK {
		h.t.Fatalf("PUT cart item %s: %d %s", productID, r.status, r.body)
	}
}

func (h *harness) placeOrder(token, key string) response {
	h.t.Helper()
	return h.do(http.MethodPost, "/api/v1/checkout/orders", token, nil, "Idempotency-Key", key)
}

// storedOrders counts the order records in DynamoDB, read directly from the table.
func (h *harness) storedOrders() []map[string]any {
	h.t.Helper()
	out, err := h.dynamo.Scan(context.Background(), &dynamodb.ScanInput{
		TableName: aws.String(h.app.Repo.Table()), ConsistentRead: aws.Bool(true),
	})
	if err != nil {
		h.t.Fatal(err)
	}
	records := make([]map[string]any, 0, len(out.Items))
	for _, item := range out.Items {
		rec := map[string]any{}
		for k, v := range item {
			rec[k] = v
		}
		records = append(records, rec)
	}
	return records
}

// streamEvents returns the order events on the Redis stream as "type orderId" strings.
func (h *harness) streamEvents() []string {
	h.t.Helper()
	entries, err := h.redis.XRange(context.Background(), "orders.events", "-", "+").Result()
	if err != nil {
		h.t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		var data struct {
			EventID string `json:"eventId"`
			OrderID string `json:"orderId"`
		}
		if err := json.Unmarshal([]byte(e.Values["data"].(string)), &data); err != nil {
			h.t.Fatalf("event data is not JSON: %v", err)
		}
		if data.EventID != data.OrderID+":"+e.Values["type"].(string) {
			h.t.Errorf("event id %q does not derive from order and type", data.EventID)
		}
		out = append(out, fmt.Sprintf("%s %s", e.Values["type"], data.OrderID))
	}
	return out
}

// eventually retries check until it returns nil or the timeout passes.
func eventually(t *testing.T, timeout time.Duration, check func() error) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		err := check()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("not reached within %s: %v", timeout, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// testIssuer is the user service stand-in with test-friendly helpers.
type testIssuer struct{ *standin.Issuer }

// token signs a valid token for the user, with optional changes to the claims.
func (u *testIssuer) token(t *testing.T, userID string, edit ...func(jwt.MapClaims)) string {
	t.Helper()
	tok, err := u.Token(userID, edit...)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func (u *testIssuer) rotate(t *testing.T) {
	t.Helper()
	if err := u.Rotate(); err != nil {
		t.Fatal(err)
	}
}
