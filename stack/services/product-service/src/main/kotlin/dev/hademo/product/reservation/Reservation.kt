package dev.hademo.product.reservation

import jakarta.validation.constraints.Max
import jakarta.validation.constraints.Min
import jakarta.validation.constraints.NotNull
import jakarta.validation.constraints.Pattern

enum class ReservationStatus { RESERVED, RELEASED }

data class Reservation(
    val productId: String,
    val reservationId: String,
    val quantity: Int,
    val status: ReservationStatus,
)

/** Fields are nullable so that a missing one is reported as a validation error, not a parse error. */
data class ReservationRequest(
    @field:NotNull
    @field:Pattern(regexp = RESERVATION_ID_PATTERN, message = RESERVATION_ID_MESSAGE)
    val reservationId: String?,
    @field:NotNull
    @field:Min(1)
    @field:Max(MAX_QUANTITY)
    val quantity: Int?,
)

data class ReservationResponse(
    val reservationId: String,
    val productId: String,
    val quantity: Int,
    /** Stock right after this request, read back consistently; concurrent reservations may already count. */
    val remainingStock: Int,
)

const val RESERVATION_ID_PATTERN = "[A-Za-z0-9._:-]{1,128}"
const val RESERVATION_ID_MESSAGE = "must be 1 to 128 letters, digits or . _ : -"
const val MAX_QUANTITY = 1000L
