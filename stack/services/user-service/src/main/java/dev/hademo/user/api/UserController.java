package dev.hademo.user.api;

import java.time.Duration;
import java.util.Map;

import jakarta.validation.Valid;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.hademo.user.account.AccountService;
import dev.hademo.user.auth.TokenService;

@RestController
@RequestMapping(path = "/api/v1/users", produces = "application/json")
class UserController {

    private final AccountService accounts;
    private final TokenService tokens;

    UserController(AccountService accounts, TokenService tokens) {
        this.accounts = accounts;
        this.tokens = tokens;
    }

    @PostMapping(consumes = "application/json")
    ResponseEntity<UserResponse> register(@Valid @RequestBody RegisterRequest request) {
        var user = accounts.register(request.email(), request.password(), request.name());
        return ResponseEntity.status(HttpStatus.CREATED).body(UserResponse.of(user));
    }

    @PostMapping(path = "/login", consumes = "application/json")
    ResponseEntity<LoginResponse> login(@Valid @RequestBody LoginRequest request) {
        var result = accounts.login(request.email(), request.password());
        var token = result.token();
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .body(new LoginResponse(token.value(), "Bearer", token.lifetime().toSeconds(), token.expiresAt(),
                        UserResponse.of(result.user())));
    }

    @GetMapping("/me")
    ResponseEntity<UserResponse> me(@AuthenticatedUserId String userId) {
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .body(UserResponse.of(accounts.profile(userId)));
    }

    /** Other services verify tokens with these keys; they cache the set and refetch on an unknown kid. */
    @GetMapping("/.well-known/jwks.json")
    ResponseEntity<Map<String, Object>> jwks() {
        return ResponseEntity.ok()
                .cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic())
                .body(tokens.publicKeys().toJSONObject());
    }
}
