package dev.hademo.user.api;

import java.time.Instant;

import dev.hademo.user.account.User;

/** The public view of an account: never the password hash. */
public record UserResponse(String id, String email, String name, Instant createdAt) {

    static UserResponse of(User user) {
        return new UserResponse(user.id(), user.email(), user.name(), user.createdAt());
    }
}
