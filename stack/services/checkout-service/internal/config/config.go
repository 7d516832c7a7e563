// Package config reads the service configuration from environment variables.
// Defaults work inside the Compose stack (see stack/services/CONVENTIONS.md).
package config

import (
	"fmt"
	"os"
	"strconv"
	"time"
)

// Config is everything the service needs to start.
type Config struct {
	Port              int
	AWSRegion         string
	DynamoDBEndpoint  string // empty: the SDK's default endpoint (real AWS)
	RedisURL          string
	TablePrefix       string
	ProductServiceURL string
	UserServiceURL    string
	LogLevel          string
	Version           string

	// Resilience settings for calls to the product and user services.
	DependencyTimeout    time.Duration // per attempt
	RetryAttempts        int           // total attempts for idempotent calls
	RetryBaseDelay       time.Duration
	BreakerFailures      uint32        // consecutive failures that open a breaker
	BreakerOpenTimeout   time.Duration // how long a breaker stays open before a probe
	ReconcileInterval    time.Duration
	ProcessingLease      time.Duration // how long a replica may work on one order before others may take over
	DuplicateWaitTimeout time.Duration // how long a duplicate request waits for the first one to finish
	ShutdownTimeout      time.Duration
}

// FromEnv reads the configuration, returning an error that names the bad variable.
func FromEnv() (Config, error) {
	c := Config{
		AWSRegion:         env("AWS_REGION", "eu-central-1"),
		DynamoDBEndpoint:  os.Getenv("DYNAMODB_ENDPOINT"),
		RedisURL:          env("REDIS_URL", "redis://redis:6379"),
		TablePrefix:       os.Getenv("TABLE_PREFIX"),
		ProductServiceURL: env("PRODUCT_SERVICE_URL", "http://product-service:8081"),
		UserServiceURL:    env("USER_SERVICE_URL", "http://user-service:8082"),
		LogLevel:          env("LOG_LEVEL", "info"),
		Version:           env("SERVICE_VERSION", "1.0.0"),
	}
	var err error
	p := parser{}
	c.Port = p.int("PORT", 8084)
	c.DependencyTimeout = p.duration("DEPENDENCY_TIMEOUT", 2*time.Second)
	c.RetryAttempts = p.int("RETRY_ATTEMPTS", 3)
	c.RetryBaseDelay = p.duration("RETRY_BASE_DELAY", 50*time.Millisecond)
	c.BreakerFailures = uint32(p.int("BREAKER_FAILURES", 5))
	c.BreakerOpenTimeout = p.duration("BREAKER_OPEN_TIMEOUT", 10*time.Second)
	c.ReconcileInterval = p.duration("RECONCILE_INTERVAL", 2*time.Second)
	c.ProcessingLease = p.duration("PROCESSING_LEASE", 30*time.Second)
	c.DuplicateWaitTimeout = p.duration("DUPLICATE_WAIT_TIMEOUT", 10*time.Second)
	c.ShutdownTimeout = p.duration("SHUTDOWN_TIMEOUT", 10*time.Second)
	if p.err != nil {
		return Config{}, p.err
	}
	if c.RetryAttempts < 1 || c.BreakerFailures < 1 {
		err = fmt.Errorf("RETRY_ATTEMPTS and BREAKER_FAILURES must be at least 1")
	}
	return c, err
}

func env(name, fallback string) string {
	if v, ok := os.LookupEnv(name); ok && v != "" {
		return v
	}
	return fallback
}

// parser keeps the first parse error so FromEnv can read every variable in one pass.
type parser struct{ err error }

func (p *parser) int(name string, fallback int) int {
	v := os.Getenv(name)
	if v == "" {
		return fallback
	}
	n, err := strconv.Atoi(v)
	if err != nil && p.err == nil {
		p.err = fmt.Errorf("%s: %q is not an integer", name, v)
	}
	return n
}

func (p *parser) duration(name string, fallback time.Duration) time.Duration {
	v := os.Getenv(name)
	if v == "" {
		return fallback
	}
	d, err := time.ParseDuration(v)
	if err != nil && p.err == nil {
		p.err = fmt.Errorf("%s: %q is not a duration such as 500ms or 10s", name, v)
	}
	return d
}
