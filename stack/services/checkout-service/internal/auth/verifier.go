// Package auth verifies the user service's JWTs with its published JWKS. The key set is cached
// and refetched when a token names a key id the cache does not know (key rotation), at most
// once per refetch interval so random key ids cannot flood the user service.
package auth

import (
	"context"
	"crypto/rsa"
	"encoding/base64"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"hademo/checkout-service/internal/resilience"
)

// Token claims fixed by CONVENTIONS.md.
const (
	Issuer   = "ha-demo-user-service"
	Audience = "ha-demo"
	JWKSPath = "/api/v1/users/.well-known/jwks.json"
)

var (
	// ErrInvalidToken means the token is missing, malformed, expired, or its signature does not verify.
	ErrInvalidToken = errors.New("invalid token")
	// ErrKeysUnavailable means the token names a key we do not have and the JWKS cannot be fetched.
	ErrKeysUnavailable = errors.New("signing keys unavailable")
)

// User is the authenticated caller.
type User struct {
	ID    string
	Email string
	Name  string
}

type claims struct {
	Email string `json:"email"`
	Name  string `json:"name"`
	jwt.RegisteredClaims
}

// Verifier checks tokens against the user service's keys.
type Verifier struct {
	userService     *resilience.Client
	refetchInterval time.Duration

	mu        sync.RWMutex
	keys      map[string]*rsa.PublicKey
	fetchedAt time.Time
	fetchMu   sync.Mutex // one fetch at a time; waiters then see its result
}

// NewVerifier returns a verifier that fetches keys through the user service's client.
func NewVerifier(userService *resilience.Client) *Verifier {
	return &Verifier{userService: userService, refetchInterval: 5 * time.Second, keys: map[string]*rsa.PublicKey{}}
}

// Verify checks the token and returns its user.
func (v *Verifier) Verify(ctx context.Context, token string) (User, error) {
	var c claims
	_, err := jwt.ParseWithClaims(token, &c, func(t *jwt.Token) (any, error) {
		kid, _ := t.Header["kid"].(string)
		if kid == "" {
			return nil, errors.New("token has no kid header")
		}
		return v.key(ctx, kid)
	},
		jwt.WithValidMethods([]string{"RS256"}),
		jwt.WithIssuer(Issuer),
		jwt.WithAudience(Audience),
		jwt.WithExpirationRequired(),
		jwt.WithLeeway(30*time.Second),
	)
	if err != nil {
		if errors.Is(err, ErrKeysUnavailable) {
			return User{}, err
		}
		return User{}, fmt.Errorf("%w: %v", ErrInvalidToken, err)
	}
	if c.Subject == "" {
		return User{}, fmt.Errorf("%w: token has no subject", ErrInvalidToken)
	}
	return User{ID: c.Subject, Email: c.Email, Name: c.Name}, nil
}

// key returns the public key for kid, refetching the set when kid is unknown.
func (v *Verifier) key(ctx context.Context, kid string) (*rsa.PublicKey, error) {
	if k := v.cached(kid); k != nil {
		return k, nil
	}
	v.fetchMu.Lock()
	defer v.fetchMu.Unlock()
	if k := v.cached(kid); k != nil { // fetched while we waited
		return k, nil
	}
	v.mu.RLock()
	recent := time.Since(v.fetchedAt) < v.refetchInterval
	v.mu.RUnlock()
	if !recent {
		if err := v.Refresh(ctx); err != nil {
			return nil, err
		}
		if k := v.cached(kid); k != nil {
			return k, nil
		}
	}
	return nil, fmt.Errorf("unknown key id %q", kid)
}

func (v *Verifier) cached(kid string) *rsa.PublicKey {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return v.keys[kid]
}

// Refresh fetches the key set now.
func (v *Verifier) Refresh(ctx context.Context) error {
	resp, err := v.userService.Do(ctx, resilience.Request{Method: http.MethodGet, Path: JWKSPath, Idempotent: true})
	if err != nil {
		return fmt.Errorf("%w: %v", ErrKeysUnavailable, err)
	}
	if resp.Status != http.StatusOK {
		return fmt.Errorf("%w: JWKS answered %d", ErrKeysUnavailable, resp.Status)
	}
	var set jwkSet
	if err := resp.DecodeJSON(&set); err != nil {
		return fmt.Errorf("%w: JWKS is not JSON: %v", ErrKeysUnavailable, err)
	}
	keys := make(map[string]*rsa.PublicKey, len(set.Keys))
	for _, k := range set.Keys {
		if pub, err := k.rsaPublicKey(); err == nil {
			keys[k.Kid] = pub
		}
	}
	v.mu.Lock()
	v.keys = keys
	v.fetchedAt = time.Now()
	v.mu.Unlock()
	return nil
}

type jwkSet struct {
	Keys []jwk `json:"keys"`
}

type jwk struct {
	Kty string `json:"kty"`
	Kid string `json:"kid"`
	Use string `json:"use"`
	N   string `json:"n"`
	E   string `json:"e"`
}

func (k jwk) rsaPublicKey() (*rsa.PublicKey, error) {
	if k.Kty != "RSA" || k.Kid == "" || (k.Use != "" && k.Use != "sig") {
		return nil, errors.New("not an RSA signing key")
	}
	n, err := base64.RawURLEncoding.DecodeString(k.N)
	if err != nil {
		return nil, err
	}
	e, err := base64.RawURLEncoding.DecodeString(k.E)
	if err != nil {
		return nil, err
	}
	exp := new(big.Int).SetBytes(e)
	if !exp.IsInt64() || exp.Int64() < 3 {
		return nil, errors.New("bad RSA exponent")
	}
	return &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(exp.Int64())}, nil
}
