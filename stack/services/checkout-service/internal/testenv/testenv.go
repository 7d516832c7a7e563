// Package testenv starts the real backing servers that tests run against — redis-server and
// moto_server (the project's local DynamoDB) — on free ports, and stops them afterwards.
package testenv

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"time"
)

// Server is a started background server.
type Server struct {
	Name string
	Port int
	cmd  *exec.Cmd
}

// Addr is host:port.
func (s *Server) Addr() string { return "127.0.0.1:" + strconv.Itoa(s.Port) }

// Stop ends the server and its child processes.
func (s *Server) Stop() {
	if s == nil || s.cmd == nil || s.cmd.Process == nil {
		return
	}
	_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
		<-done
	}
}

// StartRedis starts redis-server ($REDIS_SERVER_BIN, else from PATH) without persistence.
func StartRedis() (*Server, error) {
	bin, err := binary("REDIS_SERVER_BIN", "redis-server")
	if err != nil {
		return nil, err
	}
	port, err := FreePort()
	if err != nil {
		return nil, err
	}
	s, err := start("redis", port, bin, "--port", strconv.Itoa(port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no")
	if err != nil {
		return nil, err
	}
	return s, waitFor(s, func() bool {
		c, err := net.DialTimeout("tcp", s.Addr(), 200*time.Millisecond)
		if err == nil {
			c.Close()
		}
		return err == nil
	})
}

// StartMoto starts moto_server ($MOTO_SERVER_BIN, else PATH, else .tools/venv/bin in the repo).
func StartMoto() (*Server, error) {
	bin, err := binary("MOTO_SERVER_BIN", "moto_server")
	if err != nil {
		return nil, err
	}
	port, err := FreePort()
	if err != nil {
		return nil, err
	}
	s, err := start("moto", port, bin, "-H", "127.0.0.1", "-p", strconv.Itoa(port))
	if err != nil {
		return nil, err
	}
	client := http.Client{Timeout: 500 * time.Millisecond}
	return s, waitFor(s, func() bool {
		resp, err := client.Get("http://" + s.Addr() + "/moto-api/")
		if err == nil {
			resp.Body.Close()
		}
		return err == nil
	})
}

// FreePort asks the kernel for an unused TCP port.
func FreePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func start(name string, port int, bin string, args ...string) (*Server, error) {
	cmd := exec.Command(bin, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // Stop ends the whole process group
	if os.Getenv("TESTENV_VERBOSE") != "" {
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s (%s): %w", name, bin, err)
	}
	return &Server{Name: name, Port: port, cmd: cmd}, nil
}

func waitFor(s *Server, up func() bool) error {
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if up() {
			return nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	s.Stop()
	return fmt.Errorf("%s did not come up on %s within 60 s", s.Name, s.Addr())
}

func binary(envVar, name string) (string, error) {
	if p := os.Getenv(envVar); p != "" {
		return p, nil
	}
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	// The repository's setup script installs tools under <repo>/.tools/venv/bin.
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		candidate := filepath.Join(dir, ".tools", "venv", "bin", name)
		if _, err := os.Stat(candidate); err == nil {
			return candidate, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New(name + " not found: set " + envVar + ", put it on PATH, or run the repository's setup script")
		}
		dir = parent
	}
}
