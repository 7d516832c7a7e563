package journey

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// virtualUser is one seeded load-test account. Only one arrival at a time
// acts as a given user, so its cart and pending order stay consistent.
type virtualUser struct {
	email     string
	token     string
	expiresAt time.Time
	cart      map[string]struct{} // product ids put into the shop's cart
	// pendingKey is the Idempotency-Key of an order whose answer never came;
	// the next order retries with it, as a real shop client would.
	pendingKey string
	// After a failed login the user waits before trying again (and browses
	// meanwhile), so a struggling user service is not hammered with password
	// hashing by every arrival.
	loginFailures int
	retryLoginAt  time.Time
}

// loginBackoff grows with consecutive failures: 2 s, 4 s, … up to 30 s.
func loginBackoff(failures int) time.Duration {
	return min(time.Duration(1<<min(failures, 5))*time.Second, 30*time.Second)
}

// tokenMargin: a token this close to expiry is renewed first, so a request
// never carries a token that expires on the way.
const tokenMargin = 5 * time.Minute

func (u *virtualUser) hasFreshToken(now time.Time) bool {
	return u.token != "" && now.Add(tokenMargin).Before(u.expiresAt)
}

// users hands out virtual users, one arrival at a time each.
type users struct{ idle chan *virtualUser }

func newUsers(count int, emailPattern string) *users {
	u := &users{idle: make(chan *virtualUser, count)}
	for i := 1; i <= count; i++ {
		u.idle <- &virtualUser{email: fmt.Sprintf(emailPattern, i), cart: map[string]struct{}{}}
	}
	return u
}

// acquire waits for an idle user. The wait counts into the step's latency,
// because the latency clock started at the intended send time.
func (u *users) acquire(ctx context.Context) (*virtualUser, error) {
	select {
	case vu := <-u.idle:
		return vu, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (u *users) release(vu *virtualUser) { u.idle <- vu }

// tokenExpiry reads the exp claim of a JWT without verifying it: the shop
// verifies; the load generator only needs to know when to log in again.
func tokenExpiry(token string) (time.Time, bool) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return time.Time{}, false
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return time.Time{}, false
	}
	var claims struct {
		Exp int64 `json:"exp"`
	}
	if json.Unmarshal(payload, &claims) != nil || claims.Exp == 0 {
		return time.Time{}, false
	}
	return time.Unix(claims.Exp, 0), true
}
