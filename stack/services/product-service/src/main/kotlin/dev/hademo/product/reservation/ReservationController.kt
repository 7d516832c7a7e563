package dev.hademo.product.reservation

import jakarta.validation.Valid
import jakarta.validation.constraints.Pattern
import org.springframework.http.HttpStatus
import org.springframework.http.ResponseEntity
import org.springframework.web.bind.annotation.DeleteMapping
import org.springframework.web.bind.annotation.PathVariable
import org.springframework.web.bind.annotation.PostMapping
import org.springframework.web.bind.annotation.RequestBody
import org.springframework.web.bind.annotation.RequestMapping
import org.springframework.web.bind.annotation.RestController

@RestController
@RequestMapping("/api/v1/products/{id}/reservations")
class ReservationController(private val service: ReservationService) {

    /** 201 for a new reservation, 200 with the same body when the reservation id was seen before. */
    @PostMapping
    fun reserve(
        @PathVariable id: String,
        @Valid @RequestBody request: ReservationRequest,
    ): ResponseEntity<ReservationResponse> {
        val result = service.reserve(id, request.reservationId!!, request.quantity!!)
        val status = if (result.created) HttpStatus.CREATED else HttpStatus.OK
        return ResponseEntity.status(status).body(result.reservation)
    }

    @DeleteMapping("/{reservationId}")
    fun release(
        @PathVariable id: String,
        @PathVariable @Pattern(regexp = RESERVATION_ID_PATTERN, message = RESERVATION_ID_MESSAGE) reservationId: String,
    ): ResponseEntity<Void> {
        service.release(id, reservationId)
        return ResponseEntity.noContent().build()
    }
}
