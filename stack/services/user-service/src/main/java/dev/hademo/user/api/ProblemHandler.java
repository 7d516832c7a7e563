package dev.hademo.user.api;

import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import dev.hademo.user.account.EmailAlreadyRegisteredException;
import dev.hademo.user.account.InvalidCredentialsException;
import dev.hademo.user.account.LoginRateLimitedException;
import dev.hademo.user.account.UnknownAccountException;
import dev.hademo.user.auth.InvalidTokenException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns every failure into RFC 9457 problem+json as CONVENTIONS.md describes: a {@code type} under
 * https://ha-demo.dev/problems/, a one-sentence {@code detail}, the request path as {@code instance},
 * and {@code errors} per field for validation failures.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final String TYPE_BASE = "https://ha-demo.dev/problems/";
    private static final Map<Integer, String> SLUG_BY_STATUS = Map.of(
            400, "validation",
            401, "unauthorized",
            404, "not-found",
            405, "method-not-allowed",
            406, "not-acceptable",
            409, "conflict",
            415, "unsupported-media-type",
            429, "rate-limited",
            503, "dependency-unavailable");

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler
    ResponseEntity<ProblemDetail> emailTaken(EmailAlreadyRegisteredException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .body(problem(HttpStatus.CONFLICT, "E-mail already registered", e.getMessage()));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> wrongCredentials(InvalidCredentialsException e) {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .body(problem(HttpStatus.UNAUTHORIZED, "Login failed", e.getMessage()));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> invalidToken(InvalidTokenException e) {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"")
                .body(problem(HttpStatus.UNAUTHORIZED, "Invalid token",
                        "The Bearer token was rejected: " + e.getMessage() + "."));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unknownAccount(UnknownAccountException e) {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"")
                .body(problem(HttpStatus.UNAUTHORIZED, "Invalid token", e.getMessage()));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> rateLimited(LoginRateLimitedException e) {
        // Rounded up, and at least 1: "Retry-After: 0" would invite an immediate retry that fails again.
        long seconds = Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
        ProblemDetail problem = problem(HttpStatus.TOO_MANY_REQUESTS, "Too many login attempts", e.getMessage());
        problem.setProperty("retryAfterSeconds", seconds);
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
                .body(problem);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> storeUnavailable(SdkException e) {
        log.warn("DynamoDB call failed: {}", e.toString());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "1")
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "Dependency unavailable",
                        "The user store (DynamoDB) did not answer; try again shortly."));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("unhandled error", e);
        ProblemDetail problem = problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
                "The service failed unexpectedly; the logs of this request id have the cause.");
        problem.setType(URI.create(TYPE_BASE + "internal"));
        return ResponseEntity.internalServerError().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        List<FieldError> fieldErrors = ex.getBindingResult().getFieldErrors().stream()
                .sorted(Comparator.comparing(FieldError::getField))
                .toList();
        String fields = fieldErrors.stream().map(FieldError::getField).distinct().collect(Collectors.joining(", "));
        ProblemDetail problem = validationProblem("These fields are invalid: " + fields + ".",
                fieldErrors.stream().map(e -> fieldError(e.getField(), e.getDefaultMessage())).toList());
        return handleExceptionInternal(ex, problem, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        ProblemDetail problem;
        if (ex.getCause() instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            String field = fieldPath(mismatch);
            String expected = mismatch.getTargetType() == null
                    ? "value of another type"
                    : mismatch.getTargetType().getSimpleName().toLowerCase(Locale.ROOT);
            problem = validationProblem("The field " + field + " has the wrong type.",
                    List.of(fieldError(field, "must be a " + expected)));
        } else if (ex.getCause() instanceof MismatchedInputException) {
            problem = validationProblem("The request body must be a JSON object.", List.of());
        } else if (ex.getCause() instanceof JsonProcessingException) {
            problem = validationProblem("The request body is not valid JSON.", List.of());
        } else {
            problem = validationProblem("The request body is missing.", List.of());
        }
        return handleExceptionInternal(ex, problem, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem) {
            if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
                problem.setType(typeFor(statusCode.value()));
            }
            if (problem.getInstance() == null && request instanceof ServletWebRequest servlet) {
                problem.setInstance(pathOf(servlet.getRequest()));
            }
        }
        return response;
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setType(typeFor(status.value()));
        problem.setInstance(currentPath());
        return problem;
    }

    private static ProblemDetail validationProblem(String detail, List<Map<String, String>> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Invalid request");
        problem.setType(typeFor(400));
        problem.setProperty("errors", errors);
        return problem;
    }

    private static Map<String, String> fieldError(String field, String message) {
        return Map.of("field", field, "message", message);
    }

    private static String fieldPath(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private static URI typeFor(int status) {
        return URI.create(TYPE_BASE + SLUG_BY_STATUS.getOrDefault(status, status >= 500 ? "internal" : "bad-request"));
    }

    private static URI currentPath() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes servlet
                ? pathOf(servlet.getRequest())
                : null;
    }

    private static URI pathOf(HttpServletRequest request) {
        try {
            return URI.create(request.getRequestURI());
        } catch (IllegalArgumentException notAUri) {
            return null;
        }
    }
}
