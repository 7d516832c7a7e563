package main

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"hademo/loadgen/internal/engine"
	"hademo/loadgen/internal/allowedtarget"
)

// config is read from the environment; every default works inside the Compose stack.
type config struct {
	Port           int
	Target         *url.URL
	Rate           float64
	MaxRPS         float64
	Autostart      bool
	Mix            engine.Mix
	MaxInFlight    int
	RequestTimeout time.Duration
	Users          int
	EmailPattern   string
	Password       string
	LoginPath      string
	OrdersCapacity int
	OrdersFile     string
	LogLevel       string
}

func loadConfig(getenv func(string) string) (config, error) {
	env := func(key, def string) string {
		if v := strings.TrimSpace(getenv(key)); v != "" {
			return v
		}
		return def
	}
	var errs []string
	num := func(key, def string, lo, hi float64) float64 {
		v, err := strconv.ParseFloat(env(key, def), 64)
		if err != nil || v < lo || v > hi {
			errs = append(errs, fmt.Sprintf("%s must be a number from %g to %g", key, lo, hi))
		}
		return v
	}
	c := config{
		Port:           int(num("PORT", "8089", 1, 65535)),
		MaxRPS:         num("LOADGEN_MAX_RPS", "1000", 1, 100000),
		MaxInFlight:    int(num("LOADGEN_MAX_IN_FLIGHT", "256", 1, 100000)),
		Users:          int(num("LOADGEN_USERS", "50", 1, 999)),
		EmailPattern:   env("LOADGEN_USER_EMAIL_PATTERN", "loadtest-%03d@shop.example"),
		Password:       env("LOADGEN_USER_PASSWORD", "demo1234"),
		LoginPath:      env("LOADGEN_LOGIN_PATH", "/api/v1/users/login"),
		OrdersCapacity: int(num("LOADGEN_ORDERS_CAPACITY", "100000", 1, 10_000_000)),
		OrdersFile:     env("LOADGEN_ORDERS_FILE", ""),
		LogLevel:       env("LOG_LEVEL", "info"),
	}
	c.Rate = num("LOADGEN_RATE", "100", 0.1, c.MaxRPS)
	var err error
	if c.Target, err = allowedtarget.Parse(env("LOADGEN_TARGET_URL", "http://"+allowedtarget.LoadBalancerHost+":8080")); err != nil {
		errs = append(errs, err.Error())
	}
	if c.Autostart, err = strconv.ParseBool(env("LOADGEN_AUTOSTART", "true")); err != nil {
		errs = append(errs, "LOADGEN_AUTOSTART must be true or false")
	}
	if c.RequestTimeout, err = time.ParseDuration(env("LOADGEN_REQUEST_TIMEOUT", "5s")); err != nil || c.RequestTimeout <= 0 {
		errs = append(errs, "LOADGEN_REQUEST_TIMEOUT must be a positive duration such as 5s")
	}
	if c.Mix, err = parseMix(env("LOADGEN_MIX", "")); err != nil {
		errs = append(errs, err.Error())
	}
	if !strings.HasPrefix(c.LoginPath, "/") {
		errs = append(errs, "LOADGEN_LOGIN_PATH must start with /")
	}
	if len(errs) > 0 {
		return c, fmt.Errorf("invalid configuration: %s", strings.Join(errs, "; "))
	}
	return c, nil
}

// parseMix reads "browse=50,product=35,cart=10,order=5"; empty means the default mix.
func parseMix(s string) (engine.Mix, error) {
	if s == "" {
		return engine.DefaultMix(), nil
	}
	m := engine.Mix{}
	for _, part := range strings.Split(s, ",") {
		step, weight, ok := strings.Cut(strings.TrimSpace(part), "=")
		w, err := strconv.ParseFloat(weight, 64)
		if !ok || err != nil {
			return nil, fmt.Errorf("LOADGEN_MIX: %q is not step=weight", part)
		}
		m[step] = w
	}
	if field, msg, ok := m.Validate(); !ok {
		return nil, fmt.Errorf("LOADGEN_MIX: %s %s", field, msg)
	}
	return m, nil
}
