// Package app wires the checkout service together from its configuration.
package app

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	smithylogging "github.com/aws/smithy-go/logging"
	"github.com/google/uuid"
	"github.com/redis/go-redis/v9"

	checkoutservice "hademo/checkout-service"
	"hademo/checkout-service/internal/auth"
	"hademo/checkout-service/internal/cart"
	"hademo/checkout-service/internal/catalog"
	"hademo/checkout-service/internal/config"
	"hademo/checkout-service/internal/events"
	"hademo/checkout-service/internal/httpapi"
	"hademo/checkout-service/internal/logging"
	"hademo/checkout-service/internal/metrics"
	"hademo/checkout-service/internal/orders"
	"hademo/checkout-service/internal/resilience"
)

// ServiceName is the service's name in logs and metrics.
const ServiceName = "checkout-service"

// App is the assembled service.
type App struct {
	Config         config.Config
	Log            *slog.Logger
	Handler        http.Handler
	Reconciler     *orders.Reconciler
	Repo           *orders.Repository
	ProductService *resilience.Client
	UserService    *resilience.Client
	Verifier       *auth.Verifier
	redis          *redis.Client
}

// New connects to the stores, creates the orders table if missing and builds the handler.
func New(ctx context.Context, cfg config.Config, logOut io.Writer) (*App, error) {
	log := logging.New(logOut, ServiceName, cfg.LogLevel)
	m := metrics.New(ServiceName, cfg.Version)

	redisOpts, err := redis.ParseURL(cfg.RedisURL)
	if err != nil {
		return nil, fmt.Errorf("REDIS_URL: %w", err)
	}
	rdb := redis.NewClient(redisOpts)

	db, err := newDynamoDB(ctx, cfg, log)
	if err != nil {
		return nil, err
	}
	repo := orders.NewRepository(db, cfg.TablePrefix+"orders")
	if err := repo.EnsureTable(ctx); err != nil {
		return nil, err
	}

	productService := resilience.NewClient(dependency(cfg, "product-service", cfg.ProductServiceURL), m.BreakerTransitions)
	userService := resilience.NewClient(dependency(cfg, "user-service", cfg.UserServiceURL), m.BreakerTransitions)
	m.Registry.MustRegister(productService.StateGauge(), userService.StateGauge())

	prices := catalog.NewPriceCache(rdb)
	catalogClient := catalog.NewClient(productService, prices, log)
	carts := cart.NewStore(rdb)
	verifier := auth.NewVerifier(userService)
	svc := orders.NewService(orders.Config{
		Owner:         replicaID(),
		Lease:         cfg.ProcessingLease,
		DuplicateWait: cfg.DuplicateWaitTimeout,
		RetryInterval: cfg.ReconcileInterval,
	}, repo, carts, catalogClient, prices, events.NewPublisher(rdb), m, log)

	handler := httpapi.NewRouter(httpapi.Deps{
		Log: log, Metrics: m, Verifier: verifier, Carts: carts, Catalog: catalogClient,
		Orders: svc, Repo: repo, Redis: rdb, Dependencies: []*resilience.Client{productService, userService},
		OpenAPI: checkoutservice.OpenAPI,
	})
	return &App{
		Config: cfg, Log: log, Handler: handler, Reconciler: orders.NewReconciler(svc, cfg.ReconcileInterval),
		Repo: repo, ProductService: productService, UserService: userService, Verifier: verifier, redis: rdb,
	}, nil
}

// Close releases the connections.
func (a *App) Close() error { return a.redis.Close() }

func newDynamoDB(ctx context.Context, cfg config.Config, log *slog.Logger) (*dynamodb.Client, error) {
	awsCfg, err := awsconfig.LoadDefaultConfig(ctx, awsconfig.WithRegion(cfg.AWSRegion),
		awsconfig.WithLogger(sdkLogger{log}))
	if err != nil {
		return nil, fmt.Errorf("AWS configuration: %w", err)
	}
	return dynamodb.NewFromConfig(awsCfg, func(o *dynamodb.Options) {
		// Only with an override: unset, the same code talks to real DynamoDB.
		if cfg.DynamoDBEndpoint != "" {
			o.BaseEndpoint = aws.String(cfg.DynamoDBEndpoint)
		}
	}), nil
}

func dependency(cfg config.Config, name, url string) resilience.Settings {
	return resilience.Settings{
		Dependency:  name,
		BaseURL:     url,
		Timeout:     cfg.DependencyTimeout,
		Attempts:    cfg.RetryAttempts,
		BaseDelay:   cfg.RetryBaseDelay,
		Failures:    cfg.BreakerFailures,
		OpenTimeout: cfg.BreakerOpenTimeout,
	}
}

// replicaID names this process in order leases.
func replicaID() string {
	host, _ := os.Hostname()
	return host + "/" + uuid.NewString()[:8]
}

// sdkLogger keeps the AWS SDK's own warnings in the JSON log format.
type sdkLogger struct{ log *slog.Logger }

func (l sdkLogger) Logf(_ smithylogging.Classification, format string, v ...any) {
	l.log.Warn(fmt.Sprintf(format, v...), "source", "aws-sdk")
}
