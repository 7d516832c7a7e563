package dev.hademo.user.config;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** Everything the service reads from its environment; see application.yaml for the variable names. */
@Validated
@ConfigurationProperties(prefix = "users")
public record UserServiceProperties(
        @NotBlank String awsRegion,
        String dynamodbEndpoint,
        String tablePrefix,
        @Valid @NotNull Jwt jwt,
        @Valid @NotNull LoginRateLimit loginRateLimit,
        @Valid @NotNull Password password,
        boolean seedDemoAccounts) {

    public String usersTable() {
        return (tablePrefix == null ? "" : tablePrefix) + "users";
    }

    public boolean hasDynamodbEndpoint() {
        return dynamodbEndpoint != null && !dynamodbEndpoint.isBlank();
    }

    public record Jwt(@NotBlank String issuer, @NotBlank String audience, @NotNull Duration ttl, Path privateKeyFile) {
    }

    public record LoginRateLimit(@Min(1) int attempts, @NotNull Duration period, @Min(1) int maxTrackedAccounts) {
    }

    public record Password(@Min(4) @Max(31) int bcryptCost) {
    }
}
