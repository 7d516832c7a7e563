package dev.hademo.user.api;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

public record RegisterRequest(
        @NotBlank @Size(max = 254) @Email(regexp = ".+@[^@]+\\.[^@]+", message = "must be a valid e-mail address")
        String email,
        @NotNull @Size(min = 8, message = "must be at least 8 characters long") @Utf8MaxBytes(72)
        String password,
        @NotBlank @Size(max = 100)
        String name) {
}
