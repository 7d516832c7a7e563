package dev.hademo.user.api;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.hademo.user.store.UsersTable;

/** The probes of CONVENTIONS.md: liveness without dependencies, readiness with them. */
@RestController
@RequestMapping(path = "/health", produces = "application/json")
class HealthController {

    private final UsersTable usersTable;
    private final ApplicationAvailability availability;

    HealthController(UsersTable usersTable, ApplicationAvailability availability) {
        this.usersTable = usersTable;
        this.availability = availability;
    }

    @GetMapping("/live")
    ResponseEntity<Health> live() {
        return respond(new Health(Map.of()));
    }

    @GetMapping("/ready")
    ResponseEntity<Health> ready() {
        Map<String, Check> checks = new LinkedHashMap<>();
        checks.put("dynamodb", dynamodb());
        // Refusing while seeding runs and once SIGTERM arrived lets the load balancer drain this replica.
        checks.put("lifecycle", availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC
                ? Check.UP
                : new Check("DOWN", "not accepting traffic (starting or shutting down)"));
        return respond(new Health(checks));
    }

    private Check dynamodb() {
        try {
            usersTable.checkReachable();
            return Check.UP;
        } catch (RuntimeException e) {
            return new Check("DOWN", e.getMessage());
        }
    }

    private static ResponseEntity<Health> respond(Health health) {
        return ResponseEntity.status(health.healthy() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .cacheControl(CacheControl.noStore())
                .body(health);
    }

    record Health(String status, Map<String, Check> checks) {

        Health(Map<String, Check> checks) {
            this(checks.values().stream().allMatch(Check::healthy) ? "UP" : "DOWN", checks);
        }

        boolean healthy() {
            return "UP".equals(status);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Check(String status, String detail) {

        static final Check UP = new Check("UP", null);

        boolean healthy() {
            return "UP".equals(status);
        }
    }
}
