package dev.hademo.product.web

import com.fasterxml.jackson.core.JsonProcessingException
import com.fasterxml.jackson.databind.JsonMappingException
import com.fasterxml.jackson.databind.exc.MismatchedInputException
import org.slf4j.LoggerFactory
import org.springframework.beans.TypeMismatchException
import org.springframework.http.HttpHeaders
import org.springframework.http.HttpStatus
import org.springframework.http.HttpStatusCode
import org.springframework.http.ProblemDetail
import org.springframework.http.ResponseEntity
import org.springframework.http.converter.HttpMessageNotReadableException
import org.springframework.web.bind.MethodArgumentNotValidException
import org.springframework.web.bind.annotation.ExceptionHandler
import org.springframework.web.bind.annotation.RestControllerAdvice
import org.springframework.web.context.request.ServletWebRequest
import org.springframework.web.context.request.WebRequest
import org.springframework.web.method.annotation.HandlerMethodValidationException
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler
import software.amazon.awssdk.core.exception.SdkException
import java.net.URI

/**
 * Turns every failure into RFC 9457 problem+json with the shared problem types.
 * Spring's own handling covers the framework errors (404 route, 405, 415, ...); this class gives
 * them our `type` and `instance`, and lists the offending fields for bad input.
 */
@RestControllerAdvice
class ProblemHandler : ResponseEntityExceptionHandler() {

    @ExceptionHandler(ApiException::class)
    fun handleApiException(ex: ApiException, request: WebRequest): ResponseEntity<Any>? {
        val problem = ProblemDetail.forStatusAndDetail(ex.status, ex.message).apply {
            type = problemType(ex.slug)
            title = ex.title
            ex.extensions.forEach(::setProperty)
        }
        return handleExceptionInternal(ex, problem, HttpHeaders(), ex.status, request)
    }

    @ExceptionHandler(SdkException::class)
    fun handleDynamoDbFailure(ex: SdkException, request: WebRequest): ResponseEntity<Any>? {
        log.warn("DynamoDB call failed: {}", ex.message)
        val unavailable = DependencyUnavailableException("dynamodb", "The product store did not answer; retry shortly.")
        return handleApiException(unavailable, request)
    }

    @ExceptionHandler(Exception::class)
    fun handleUnexpected(ex: Exception, request: WebRequest): ResponseEntity<Any>? {
        log.error("Unhandled error", ex)
        val problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, "An unexpected error occurred.")
        return handleExceptionInternal(ex, problem, HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request)
    }

    override fun handleMethodArgumentNotValid(
        ex: MethodArgumentNotValidException,
        headers: HttpHeaders,
        status: HttpStatusCode,
        request: WebRequest,
    ): ResponseEntity<Any>? {
        val errors = ex.bindingResult.fieldErrors.map { FieldError(it.field, it.defaultMessage ?: "is invalid") }
        return validationProblem(ex, errors, headers, request)
    }

    override fun handleHandlerMethodValidationException(
        ex: HandlerMethodValidationException,
        headers: HttpHeaders,
        status: HttpStatusCode,
        request: WebRequest,
    ): ResponseEntity<Any>? {
        val errors = ex.parameterValidationResults.flatMap { result ->
            result.resolvableErrors.map { FieldError(result.methodParameter.parameterName ?: "parameter", it.defaultMessage ?: "is invalid") }
        }
        return validationProblem(ex, errors, headers, request)
    }

    override fun handleTypeMismatch(
        ex: TypeMismatchException,
        headers: HttpHeaders,
        status: HttpStatusCode,
        request: WebRequest,
    ): ResponseEntity<Any>? {
        val expected = ex.requiredType?.simpleName?.let(::describeType) ?: "a different type"
        return validationProblem(ex, listOf(FieldError(ex.propertyName ?: "parameter", "must be $expected")), headers, request)
    }

    override fun handleHttpMessageNotReadable(
        ex: HttpMessageNotReadableException,
        headers: HttpHeaders,
        status: HttpStatusCode,
        request: WebRequest,
    ): ResponseEntity<Any>? {
        val error = when (val cause = ex.cause) {
            is MismatchedInputException -> FieldError(
                cause.jsonPath(),
                cause.targetType?.let { "must be ${describeType(it.simpleName)}" } ?: "is missing or has the wrong type",
            )
            is JsonMappingException -> FieldError(cause.jsonPath(), "is missing or has the wrong type")
            is JsonProcessingException -> FieldError("body", "is not valid JSON")
            else -> FieldError("body", "is missing or unreadable")
        }
        return validationProblem(ex, listOf(error), headers, request)
    }

    override fun handleExceptionInternal(
        ex: Exception,
        body: Any?,
        headers: HttpHeaders,
        statusCode: HttpStatusCode,
        request: WebRequest,
    ): ResponseEntity<Any>? {
        val response = super.handleExceptionInternal(ex, body, headers, statusCode, request)
        (response?.body as? ProblemDetail)?.let { problem ->
            if (problem.type == URI.create("about:blank")) problem.type = problemType(slugFor(statusCode))
            problem.instance = (request as? ServletWebRequest)?.request?.requestURI?.let(URI::create)
        }
        return response
    }

    private fun validationProblem(
        ex: Exception,
        errors: List<FieldError>,
        headers: HttpHeaders,
        request: WebRequest,
    ): ResponseEntity<Any>? {
        val fields = errors.joinToString(", ") { "${it.field} ${it.message}" }
        val problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The request is invalid: $fields.").apply {
            type = problemType("validation")
            title = "Invalid request"
            setProperty("errors", errors)
        }
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request)
    }

    private fun MismatchedInputException.jsonPath(): String =
        path.joinToString(".") { it.fieldName ?: "[${it.index}]" }.ifEmpty { "body" }

    private fun JsonMappingException.jsonPath(): String =
        path.joinToString(".") { it.fieldName ?: "[${it.index}]" }.ifEmpty { "body" }

    companion object {
        private val log = LoggerFactory.getLogger(ProblemHandler::class.java)

        fun problemType(slug: String): URI = URI.create("https://ha-demo.dev/problems/$slug")

        private fun slugFor(status: HttpStatusCode): String = when (status.value()) {
            400 -> "validation"
            404 -> "not-found"
            405 -> "method-not-allowed"
            406 -> "not-acceptable"
            409 -> "conflict"
            413 -> "payload-too-large"
            415 -> "unsupported-media-type"
            503 -> "dependency-unavailable"
            else -> if (status.is4xxClientError) "bad-request" else "internal"
        }

        private fun describeType(simpleName: String): String = when (simpleName.lowercase()) {
            "int", "integer", "long" -> "an integer"
            "string" -> "a string"
            else -> "of type $simpleName"
        }
    }
}
