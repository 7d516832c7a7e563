package dev.hademo.user.account;

import java.time.Instant;

/** An account as stored; {@code email} is always in its normalized (trimmed, lower-case) form. */
public record User(String id, String email, String name, String passwordHash, Instant createdAt) {
}
