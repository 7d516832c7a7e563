package dev.hademo.product.support

import com.atlassian.oai.validator.OpenApiInteractionValidator
import com.atlassian.oai.validator.model.Request
import com.atlassian.oai.validator.model.SimpleResponse
import com.fasterxml.jackson.databind.JsonNode
import com.fasterxml.jackson.databind.ObjectMapper
import org.assertj.core.api.Assertions.assertThat
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.nio.file.Path

/**
 * HTTP client for tests that checks every response against the committed `openapi.yaml`,
 * so each test also proves the contract holds for what it exercised.
 */
class ApiClient(private val baseUrl: String) {
    private val http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
    private val json = ObjectMapper()

    data class Response(val status: Int, val contentType: String, val body: String, val headers: Map<String, List<String>>) {
        val json: JsonNode by lazy { ObjectMapper().readTree(body) }
    }

    fun get(path: String, headers: Map<String, String> = emptyMap()) = send("GET", path, null, headers)

    fun post(path: String, body: Any, headers: Map<String, String> = emptyMap()) =
        send("POST", path, if (body is String) body else json.writeValueAsString(body), headers)

    fun delete(path: String) = send("DELETE", path, null, emptyMap())

    fun reserve(productId: String, reservationId: String, quantity: Int) =
        post("/api/v1/products/$productId/reservations", mapOf("reservationId" to reservationId, "quantity" to quantity))

    /** For requests the contract does not describe, e.g. a route that does not exist. */
    fun getOutsideContract(path: String) = send("GET", path, null, emptyMap(), checkContract = false)

    fun send(
        method: String,
        path: String,
        body: String?,
        headers: Map<String, String>,
        checkContract: Boolean = true,
    ): Response {
        val request = HttpRequest.newBuilder(URI.create(baseUrl + path))
            .method(method, body?.let(HttpRequest.BodyPublishers::ofString) ?: HttpRequest.BodyPublishers.noBody())
            .apply {
                if (body != null && headers.keys.none { it.equals("Content-Type", ignoreCase = true) }) {
                    header("Content-Type", "application/json")
                }
                headers.forEach(::header)
            }
            .build()
        val raw = http.send(request, HttpResponse.BodyHandlers.ofString())
        val response = Response(
            raw.statusCode(),
            raw.headers().firstValue("Content-Type").orElse(""),
            raw.body(),
            raw.headers().map(),
        )
        if (checkContract) assertConformsToContract(method, path.substringBefore('?'), response)
        return response
    }

    private fun assertConformsToContract(method: String, path: String, response: Response) {
        val simple = SimpleResponse.Builder.status(response.status)
            .apply { if (response.contentType.isNotEmpty()) withContentType(response.contentType) }
            .apply { if (response.body.isNotEmpty()) withBody(response.body) }
            .build()
        val report = validator.validateResponse(path, Request.Method.valueOf(method), simple)
        assertThat(report.messages)
            .describedAs("$method $path -> ${response.status} ${response.body} must match openapi.yaml")
            .isEmpty()
    }

    companion object {
        private val validator: OpenApiInteractionValidator =
            OpenApiInteractionValidator.createForSpecificationUrl(Path.of("openapi.yaml").toUri().toString()).build()
    }
}
