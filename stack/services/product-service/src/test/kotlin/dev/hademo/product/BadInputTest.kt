package dev.hademo.product

import dev.hademo.product.support.IntegrationTest
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.CsvSource

/** Bad input is the caller's error: a 4xx problem+json that names what is wrong, never a 5xx. */
class BadInputTest : IntegrationTest() {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
        delimiter = '|',
        textBlock = """
        missing reservationId       | p-0001 | {"quantity": 1}                              | 400 | reservationId
        missing quantity            | p-0001 | {"reservationId": "bad-1"}                   | 400 | quantity
        empty object                | p-0001 | {}                                           | 400 | reservationId
        quantity as text            | p-0001 | {"reservationId": "bad-2", "quantity": "x"}  | 400 | quantity
        quantity as numeric string  | p-0001 | {"reservationId": "bad-2", "quantity": "2"}  | 400 | quantity
        quantity as fraction        | p-0001 | {"reservationId": "bad-2", "quantity": 1.5}  | 400 | quantity
        negative quantity           | p-0001 | {"reservationId": "bad-3", "quantity": -1}   | 400 | quantity
        zero quantity               | p-0001 | {"reservationId": "bad-3", "quantity": 0}    | 400 | quantity
        reservationId as number     | p-0001 | {"reservationId": 42, "quantity": 1}         | 400 | reservationId
        reservationId with spaces   | p-0001 | {"reservationId": "a b", "quantity": 1}      | 400 | reservationId
        body is an array            | p-0001 | []                                           | 400 | body
        body is not JSON            | p-0001 | {nope                                        | 400 | body
        unknown product             | p-9999 | {"reservationId": "bad-4", "quantity": 1}    | 404 |""",
    )
    fun `invalid reservations are 4xx problems`(case: String, productId: String, body: String, status: Int, field: String?) {
        val response = api.post("/api/v1/products/$productId/reservations", body)

        assertProblem(response, status)
        if (field != null) {
            assertThat(response.json["errors"].map { it["field"].asText() }).contains(field)
        }
    }

    @ParameterizedTest(name = "GET {0}")
    @CsvSource(
        "/api/v1/products?limit=0, 400",
        "/api/v1/products?limit=101, 400",
        "/api/v1/products?limit=many, 400",
        "/api/v1/products?cursor=not-a-cursor, 400",
        "/api/v1/products/p-9999, 404",
        "/api/v1/products/%3Cscript%3E, 404",
    )
    fun `invalid reads are 4xx problems`(path: String, status: Int) {
        assertProblem(api.get(path), status)
    }

    @ParameterizedTest(name = "DELETE {0}")
    @CsvSource(
        "/api/v1/products/p-9999/reservations/r-1, 404",
        "/api/v1/products/p-0001/reservations/a%20b, 400",
    )
    fun `invalid releases are 4xx problems`(path: String, status: Int) {
        assertProblem(api.delete(path), status)
    }

    @org.junit.jupiter.api.Test
    fun `a form instead of JSON is 415`() {
        val response = api.send(
            "POST",
            "/api/v1/products/p-0001/reservations",
            "reservationId=x&quantity=1",
            mapOf("Content-Type" to "application/x-www-form-urlencoded"),
        )
        assertProblem(response, 415)
    }

    private fun assertProblem(response: dev.hademo.product.support.ApiClient.Response, status: Int) {
        assertThat(response.status).describedAs(response.body).isEqualTo(status)
        assertThat(response.contentType).startsWith("application/problem+json")
        assertThat(response.json["type"].asText()).startsWith("https://ha-demo.dev/problems/")
        assertThat(response.json["status"].asInt()).isEqualTo(status)
        assertThat(response.json["detail"].asText()).isNotBlank()
        assertThat(response.json["instance"].asText()).startsWith("/api/v1/products")
    }
}
