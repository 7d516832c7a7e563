// Command loadgen drives the shop through its load balancer at a constant
// arrival rate and exports what it measures. See stack/loadgen/README.md.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"hademo/loadgen/internal/app"
)

func main() {
	healthcheck := flag.Bool("healthcheck", false, "probe the running load generator's /health/live and exit 0 when it answers (for the container healthcheck)")
	flag.Parse()
	cfg, err := loadConfig(os.Getenv)
	if *healthcheck {
		os.Exit(probe(cfg.Port))
	}
	log := newLogger(cfg.LogLevel)
	if err != nil {
		log.Error(err.Error())
		os.Exit(2)
	}
	if limit := applyContainerMemoryLimit(); limit > 0 {
		log.Info("memory limit taken from the container", "goMemLimitBytes", limit)
	}
	if err := run(cfg, log); err != nil {
		log.Error("load generator failed", "error", err.Error())
		os.Exit(1)
	}
}

func probe(port int) int {
	client := http.Client{Timeout: 2 * time.Second}
	resp, err := client.Get(fmt.Sprintf("http://127.0.0.1:%d/health/live", port))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 1
	}
	return 0
}

func run(cfg config, log *slog.Logger) error {
	var journal io.Writer
	if cfg.OrdersFile != "" {
		f, err := os.OpenFile(cfg.OrdersFile, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
		if err != nil {
			return fmt.Errorf("orders journal: %w", err)
		}
		defer f.Close()
		journal = f
	}
	a := app.New(app.Config{
		Target: cfg.Target, Rate: cfg.Rate, MaxRPS: cfg.MaxRPS, Mix: cfg.Mix, MaxInFlight: cfg.MaxInFlight,
		RequestTimeout: cfg.RequestTimeout, Users: cfg.Users, EmailPattern: cfg.EmailPattern,
		Password: cfg.Password, LoginPath: cfg.LoginPath, OrdersCapacity: cfg.OrdersCapacity, OrdersJournal: journal,
	}, log)
	server := &http.Server{Addr: fmt.Sprintf(":%d", cfg.Port), Handler: a.Handler, ReadHeaderTimeout: 5 * time.Second}

	ctx, cancel := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer cancel()
	engineDone := make(chan struct{})
	go func() { a.Run(ctx); close(engineDone) }()
	if cfg.Autostart {
		a.Engine.Start()
	}
	log.Info("load generator listening", "port", cfg.Port, "target", cfg.Target.String(),
		"targetRps", cfg.Rate, "running", cfg.Autostart, "maxInFlight", cfg.MaxInFlight)

	serveErr := make(chan error, 1)
	go func() { serveErr <- server.ListenAndServe() }()
	select {
	case err := <-serveErr:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing requests in flight")
	shutdown, cancelShutdown := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancelShutdown()
	err := server.Shutdown(shutdown)
	<-engineDone
	return err
}

func newLogger(level string) *slog.Logger {
	var lvl slog.Level
	if lvl.UnmarshalText([]byte(level)) != nil {
		lvl = slog.LevelInfo
	}
	h := slog.NewJSONHandler(os.Stdout, &slog.HandlerOptions{
		Level: lvl,
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			switch a.Key {
			case slog.TimeKey:
				return slog.String(slog.TimeKey, a.Value.Time().UTC().Format(time.RFC3339Nano))
			case slog.LevelKey:
				return slog.String(slog.LevelKey, strings.ToLower(a.Value.String()))
			}
			return a
		},
	})
	return slog.New(h).With("service", "loadgen")
}
