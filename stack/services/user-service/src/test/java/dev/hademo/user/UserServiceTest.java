package dev.hademo.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import dev.hademo.user.auth.SigningKeys;
import dev.hademo.user.store.SigningKeyStore;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability(tracing = false)
class UserServiceTest {

    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String PROBLEM_TYPES = "https://ha-demo.dev/problems/";
    private static final int LOGIN_ATTEMPTS_PER_PERIOD = 3;

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry registry) {
        registry.add("users.dynamodb-endpoint", MotoServer::endpoint);
        // A table of its own per run, so reruns against a long-lived moto never see old data.
        registry.add("users.table-prefix", () -> "test-" + UUID.randomUUID() + "-");
        registry.add("users.login-rate-limit.attempts", () -> LOGIN_ATTEMPTS_PER_PERIOD);
        registry.add("users.login-rate-limit.period", () -> "60s");
        // The cheapest cost BCrypt allows keeps the suite quick; production uses 10.
        registry.add("users.password.bcrypt-cost", () -> 4);
    }

    @LocalServerPort
    int port;

    @Autowired
    SigningKeyStore signingKeyStore;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    @Test
    void registersAnAccountAndLogsIn() {
        String email = uniqueEmail();
        var created = register(email, "correct horse", "Erika Mustermann");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("email").asText()).isEqualTo(email);
        assertThat(created.json().has("passwordHash")).isFalse();

        var login = login(email.toUpperCase(), "correct horse");
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.json().get("tokenType").asText()).isEqualTo("Bearer");
        assertThat(login.json().get("expiresIn").asLong()).isEqualTo(3600);

        var me = me(login.json().get("accessToken").asText());
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("id").asText()).isEqualTo(created.json().get("id").asText());
        assertThat(me.json().get("name").asText()).isEqualTo("Erika Mustermann");
    }

    @Test
    void concurrentRegistrationsOfOneEmailCreateExactlyOneAccount() throws Exception {
        String email = uniqueEmail();
        int contenders = 8;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> statuses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(contenders)) {
            for (int i = 0; i < contenders; i++) {
                String password = "password-" + i;
                statuses.add(pool.submit(() -> {
                    start.await();
                    return register(email, password, "Racer").status();
                }));
            }
            start.countDown();
            List<Integer> results = new ArrayList<>();
            for (Future<Integer> status : statuses) {
                results.add(status.get());
            }
            assertThat(results).containsOnly(201, 409);
            assertThat(results).filteredOn(status -> status == 201).hasSize(1);
        }
        var duplicateWithOtherCase = register(email.toUpperCase(), "another password", "Late");
        assertThat(duplicateWithOtherCase.status()).isEqualTo(409);
        assertProblem(duplicateWithOtherCase, 409, "conflict");
    }

    @Test
    void seededDemoAccountsCanLogIn() {
        assertThat(login("demo@shop.example", "demo1234").json().at("/user/name").asText()).isEqualTo("Demo Kundin");
        assertThat(login("loadtest-050@shop.example", "demo1234").status()).isEqualTo(200);
    }

    @Test
    void tokenVerifiesWithThePublishedJwksLikeAnotherServiceWould() throws Exception {
        String email = uniqueEmail();
        String userId = register(email, "correct horse", "Verifier").json().get("id").asText();
        String token = login(email, "correct horse").json().get("accessToken").asText();

        var jwkSource = JWKSourceBuilder.<SecurityContext>create(
                URI.create(api.baseUrl() + "/api/v1/users/.well-known/jwks.json").toURL()).build();
        var processor = new DefaultJWTProcessor<SecurityContext>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, jwkSource));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>("ha-demo",
                new JWTClaimsSet.Builder().issuer("ha-demo-user-service").subject(userId).claim("email", email).build(),
                Set.of("iat", "exp", "name")));
        JWTClaimsSet claims = processor.process(token, null);

        assertThat(claims.getExpirationTime()).isAfter(new Date());
        assertThat(SignedJWT.parse(token).getHeader().getKeyID())
                .isEqualTo(api.get("/api/v1/users/.well-known/jwks.json", Map.of()).json().at("/keys/0/kid").asText());
        assertThat(api.get("/api/v1/users/.well-known/jwks.json", Map.of()).json().at("/keys/0").has("d")).isFalse();
    }

    @Test
    void tamperedExpiredForeignOrMissingTokensAreRejected() throws Exception {
        String email = uniqueEmail();
        String userId = register(email, "correct horse", "Mallory").json().get("id").asText();
        String token = login(email, "correct horse").json().get("accessToken").asText();
        RSAKey serviceKey = SigningKeys.fromPem(signingKeyStore.load().orElseThrow());

        String[] parts = token.split("\\.");
        String otherPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"sub\":\"someone-else\",\"iss\":\"ha-demo-user-service\",\"aud\":\"ha-demo\",\"exp\":"
                        + (Instant.now().getEpochSecond() + 3600) + "}").getBytes());
        String tampered = parts[0] + "." + otherPayload + "." + parts[2];
        String expired = sign(serviceKey, userId, Instant.now().minusSeconds(7200), Instant.now().minusSeconds(3600));
        RSAKey foreignKey = new RSAKeyGenerator(2048).keyID(serviceKey.getKeyID()).generate();
        String foreign = sign(foreignKey, userId, Instant.now(), Instant.now().plusSeconds(3600));

        for (String bad : List.of(tampered, expired, foreign, "not-a-jwt")) {
            var reply = me(bad);
            assertProblem(reply, 401, "unauthorized");
            assertThat(reply.header("WWW-Authenticate")).startsWith("Bearer");
        }
        assertProblem(api.get("/api/v1/users/me", Map.of()), 401, "unauthorized");
        // The same key with a valid lifetime is accepted: the rejections above are about the token, not the setup.
        assertThat(me(sign(serviceKey, userId, Instant.now(), Instant.now().plusSeconds(60))).status()).isEqualTo(200);
    }

    @Test
    void wrongPasswordAndUnknownAccountLookTheSame() {
        String email = uniqueEmail();
        register(email, "correct horse", "Someone");
        var wrongPassword = login(email, "wrong horse");
        var unknown = login(uniqueEmail(), "correct horse");
        assertProblem(wrongPassword, 401, "unauthorized");
        assertProblem(unknown, 401, "unauthorized");
        assertThat(wrongPassword.json().get("detail")).isEqualTo(unknown.json().get("detail"));
    }

    @Test
    void loginIsRateLimitedPerAccountWithRetryAfter() {
        String email = uniqueEmail();
        register(email, "correct horse", "Target");
        for (int i = 0; i < LOGIN_ATTEMPTS_PER_PERIOD; i++) {
            assertThat(login(email, "guess-" + i).status()).isEqualTo(401);
        }
        var limited = login(email, "correct horse");
        assertProblem(limited, 429, "rate-limited");
        assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 60);

        String neighbour = uniqueEmail();
        register(neighbour, "correct horse", "Neighbour");
        assertThat(login(neighbour, "correct horse").status()).as("other accounts are not affected").isEqualTo(200);
    }

    static Stream<Arguments> badRegistrations() {
        return Stream.of(
                Arguments.of("missing fields", "{}", "email"),
                Arguments.of("missing password", "{\"email\":\"a@shop.example\",\"name\":\"A\"}", "password"),
                Arguments.of("number as password", "{\"email\":\"a@shop.example\",\"password\":12345678,\"name\":\"A\"}", "password"),
                Arguments.of("object as e-mail", "{\"email\":{\"x\":1},\"password\":\"long enough\",\"name\":\"A\"}", "email"),
                Arguments.of("boolean as name", "{\"email\":\"a@shop.example\",\"password\":\"long enough\",\"name\":true}", "name"),
                Arguments.of("bad e-mail", "{\"email\":\"not-an-email\",\"password\":\"long enough\",\"name\":\"A\"}", "email"),
                Arguments.of("short password", "{\"email\":\"a@shop.example\",\"password\":\"short\",\"name\":\"A\"}", "password"),
                Arguments.of("password over 72 bytes", "{\"email\":\"a@shop.example\",\"password\":\"" + "ä".repeat(40)
                        + "\",\"name\":\"A\"}", "password"),
                Arguments.of("blank name", "{\"email\":\"a@shop.example\",\"password\":\"long enough\",\"name\":\" \"}", "name"),
                Arguments.of("malformed JSON", "{\"email\":", null),
                Arguments.of("array body", "[1,2]", null),
                Arguments.of("empty body", "", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRegistrations")
    void badRegistrationInputIsA400Problem(String description, String body, String field) {
        var reply = api.postJson("/api/v1/users", body);
        assertProblem(reply, 400, "validation");
        if (field != null) {
            assertThat(reply.json().get("errors").findValuesAsText("field")).contains(field);
        }
    }

    @Test
    void badLoginInputIsA4xxProblem() {
        assertProblem(api.postJson("/api/v1/users/login", "{\"email\":\"demo@shop.example\"}"), 400, "validation");
        assertProblem(api.postJson("/api/v1/users/login", "{\"email\":1,\"password\":\"x\"}"), 400, "validation");
        assertProblem(api.send("POST", "/api/v1/users/login", "email=a", Map.of("Content-Type", "text/plain")),
                415, "unsupported-media-type");
        assertProblem(api.send("DELETE", "/api/v1/users/me", null, Map.of()), 405, "method-not-allowed");
    }

    @Test
    void healthMetricsAndContractAreServed() {
        var ready = api.get("/health/ready", Map.of());
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().at("/checks/dynamodb/status").asText()).isEqualTo("UP");
        assertThat(api.get("/health/live", Map.of()).json().get("status").asText()).isEqualTo("UP");
        assertThat(api.get("/openapi.yaml", Map.of()).response().body()).contains("/api/v1/users/login");

        login("demo@shop.example", "wrong password");
        api.get("/api/v1/users/nope", Map.of());
        String metrics = api.get("/metrics", Map.of()).response().body();
        List<String> loginFailureBuckets = metrics.lines()
                .filter(line -> line.startsWith("http_server_requests_seconds_bucket{")
                        && line.contains("uri=\"/api/v1/users/login\"") && line.contains("status=\"401\""))
                .map(line -> line.replaceAll(".*le=\"([^\"]+)\".*", "$1"))
                .toList();
        assertThat(loginFailureBuckets).as("the SLO buckets of CONVENTIONS.md, nothing else").containsExactly(
                "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1.0", "2.5", "5.0", "10.0", "+Inf");
        assertThat(metrics)
                .contains("outcome=\"CLIENT_ERROR\",status=\"401\",uri=\"/api/v1/users/login\"")
                .contains("status=\"404\",uri=\"UNKNOWN\"")
                .contains("user_logins_total{outcome=\"failure\"}")
                .contains("user_registrations_total{outcome=\"created\"}")
                .contains("service_info{language=\"java\",service=\"user-service\"")
                .doesNotContain("uri=\"/health/ready\"");
    }

    @Test
    void requestIdIsTakenOrCreated() {
        assertThat(api.get("/health/live", Map.of("X-Request-Id", "abc-123")).header("X-Request-Id")).isEqualTo("abc-123");
        assertThat(api.get("/health/live", Map.of()).header("X-Request-Id")).hasSize(36);
    }

    private ApiClient.Reply register(String email, String password, String name) {
        return api.postJson("/api/v1/users", Map.of("email", email, "password", password, "name", name));
    }

    private ApiClient.Reply login(String email, String password) {
        return api.postJson("/api/v1/users/login", Map.of("email", email, "password", password));
    }

    private ApiClient.Reply me(String token) {
        return api.get("/api/v1/users/me", Map.of("Authorization", "Bearer " + token));
    }

    private static void assertProblem(ApiClient.Reply reply, int status, String slug) {
        assertThat(reply.status()).as(reply.response().body()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith(PROBLEM_JSON);
        JsonNode problem = reply.json();
        assertThat(problem.get("type").asText()).isEqualTo(PROBLEM_TYPES + slug);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asText()).isNotBlank();
        assertThat(problem.get("instance").asText()).isEqualTo(reply.response().uri().getPath());
    }

    private static String sign(RSAKey key, String subject, Instant issuedAt, Instant expiresAt) throws Exception {
        var claims = new JWTClaimsSet.Builder()
                .issuer("ha-demo-user-service").audience("ha-demo").subject(subject)
                .issueTime(Date.from(issuedAt)).expirationTime(Date.from(expiresAt))
                .build();
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static String uniqueEmail() {
        return "user-" + UUID.randomUUID() + "@shop.example";
    }
}
