package dev.hademo.product.web

import org.springframework.core.io.ClassPathResource
import org.springframework.http.MediaType
import org.springframework.http.ResponseEntity
import org.springframework.web.bind.annotation.GetMapping
import org.springframework.web.bind.annotation.RestController

/** Serves the committed contract, `openapi.yaml`, byte for byte. */
@RestController
class OpenApiController {
    private val document: ByteArray = ClassPathResource("openapi.yaml").inputStream.use { it.readAllBytes() }

    @GetMapping("/openapi.yaml")
    fun openApi(): ResponseEntity<ByteArray> =
        ResponseEntity.ok().contentType(MediaType.parseMediaType("application/yaml")).body(document)
}
