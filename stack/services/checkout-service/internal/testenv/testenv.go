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
	"strings"
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

// StartMoto starts the stack's DynamoDB: moto through stack/dynamodb/stack_moto_server.py, on the
// Python of moto_server ($MOTO_SERVER_BIN, else PATH, else .tools/venv/bin in the repo). Plain moto
// is not atomic per request: two conditional writes of one order could both succeed, and moto's race
// rather than the service would decide the idempotency tests.
func StartMoto() (*Server, error) {
	bin, err := binary("MOTO_SERVER_BIN", "moto_server")
	if err != nil {
		return nil, err
	}
	python, err := pythonOf(bin)
	if err != nil {
		return nil, err
	}
	script, err := findUp(filepath.Join("stack", "dynamodb", "stack_moto_server.py"))
	if err != nil {
		return nil, err
	}
	port, err := FreePort()
	if err != nil {
		return nil, err
	}
	args := append(python[1:], script, "-H", "127.0.0.1", "-p", strconv.Itoa(port))
	s, err := start("moto", port, python[0], args...)
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

// pythonOf returns the interpreter in moto_server's shebang, or the python3 beside a launcher such as
// a pyenv shim.
func pythonOf(motoServer string) ([]string, error) {
	content, err := os.ReadFile(motoServer)
	if err != nil {
		return nil, err
	}
	first, _, _ := strings.Cut(string(content), "\n")
	if strings.HasPrefix(first, "#!") && strings.Contains(first, "python") {
		return strings.Fields(strings.TrimPrefix(first, "#!")), nil
	}
	sibling := filepath.Join(filepath.Dir(motoServer), "python3")
	if _, err := os.Stat(sibling); err == nil {
		return []string{sibling}, nil
	}
	return nil, errors.New("no Python found for " + motoServer + "; set MOTO_SERVER_BIN to moto's venv")
}

// findUp returns the first <dir>/rel for the working directory and its parents.
func findUp(rel string) (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		candidate := filepath.Join(dir, rel)
		if _, err := os.Stat(candidate); err == nil {
			return candidate, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New(rel + " not found above the working directory")
		}
		dir = parent
	}
}

func binary(envVar, name string) (string, error) {
	if p := os.Getenv(envVar); p != "" {
		return p, nil
	}
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	// The repository's setup script installs tools under <repo>/.tools/venv/bin.
	if p, err := findUp(filepath.Join(".tools", "venv", "bin", name)); err == nil {
		return p, nil
	}
	return "", errors.New(name + " not found: set " + envVar + ", put it on PATH, or run the repository's setup script")
}
