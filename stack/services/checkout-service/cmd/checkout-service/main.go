// Command checkout-service serves carts and orders of the HA demo shop.
//
// With -healthcheck it instead asks a running instance on localhost whether it is ready and
// exits 0 or 1: the distroless image has no curl for the container healthcheck.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"sync"
	"syscall"
	"time"

	"hademo/checkout-service/internal/app"
	"hademo/checkout-service/internal/config"
)

func main() {
	healthcheck := flag.Bool("healthcheck", false, "check /health/ready on localhost and exit 0 (ready) or 1")
	flag.Parse()

	cfg, err := config.FromEnv()
	if err != nil {
		fmt.Fprintln(os.Stderr, "configuration:", err)
		os.Exit(2)
	}
	if *healthcheck {
		os.Exit(checkHealth(cfg.Port))
	}
	if err := run(cfg); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(cfg config.Config) error {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	startCtx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	a, err := app.New(startCtx, cfg, os.Stdout)
	cancel()
	if err != nil {
		return fmt.Errorf("starting: %w", err)
	}
	defer a.Close()

	if err := a.Verifier.Refresh(ctx); err != nil {
		a.Log.Warn("user service keys not fetched yet; will fetch on first request", "error", err)
	}

	var background sync.WaitGroup
	reconcileCtx, stopReconciler := context.WithCancel(context.Background())
	background.Add(1)
	go func() {
		defer background.Done()
		a.Reconciler.Run(reconcileCtx)
	}()

	srv := &http.Server{
		Addr:              ":" + strconv.Itoa(cfg.Port),
		Handler:           a.Handler,
		ReadHeaderTimeout: 5 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.ListenAndServe() }()
	a.Log.Info("listening", "port", cfg.Port, "table", a.Repo.Table())

	select {
	case err := <-serveErr:
		stopReconciler()
		return err
	case <-ctx.Done():
	}
	a.Log.Info("shutting down: finishing in-flight requests", "timeout", cfg.ShutdownTimeout.String())
	shutdownCtx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	err = srv.Shutdown(shutdownCtx)
	// Stop the reconciler after the requests: an order it leaves half done is picked up again
	// by another replica when its lease lapses.
	stopReconciler()
	background.Wait()
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	a.Log.Info("stopped")
	return nil
}

func checkHealth(port int) int {
	client := http.Client{Timeout: 3 * time.Second}
	resp, err := client.Get("http://127.0.0.1:" + strconv.Itoa(port) + "/health/ready")
	if err != nil {
		fmt.Fprintln(os.Stderr, "not ready:", err)
		return 1
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		fmt.Fprintln(os.Stderr, "not ready: status", resp.StatusCode)
		return 1
	}
	return 0
}
