package dev.hademo.product.reservation

import dev.hademo.product.catalog.ProductTable
import dev.hademo.product.catalog.ProductTable.Companion.PK
import dev.hademo.product.catalog.ProductTable.Companion.STOCK
import dev.hademo.product.catalog.ProductTable.Companion.VERSION
import dev.hademo.product.catalog.ProductTable.Companion.n
import dev.hademo.product.catalog.ProductTable.Companion.productKey
import dev.hademo.product.catalog.ProductTable.Companion.reservationKey
import dev.hademo.product.catalog.ProductTable.Companion.s
import org.springframework.stereotype.Repository
import software.amazon.awssdk.services.dynamodb.DynamoDbClient
import software.amazon.awssdk.services.dynamodb.model.AttributeValue
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException
import java.time.Clock

/**
 * Stock changes as DynamoDB transactions: the stock update and the reservation item commit together
 * or not at all, and the conditions make them safe under any number of concurrent callers.
 */
@Repository
class ReservationRepository(
    private val dynamoDb: DynamoDbClient,
    private val table: ProductTable,
    private val clock: Clock,
) {
    /** Outcome of one transaction attempt. */
    enum class Attempt { COMMITTED, CONDITION_FAILED, CONFLICT }

    /** Decrements stock by [quantity] unless it would go below zero or the reservation id is taken. */
    fun reserve(productId: String, reservationId: String, quantity: Int): Attempt = transact(
        TransactWriteItem.builder().update { update ->
            update.tableName(table.name)
                .key(productKey(productId))
                .updateExpression("SET #stock = #stock - :quantity, #version = #version + :one")
                .conditionExpression("attribute_exists(#pk) AND #stock >= :quantity")
                .expressionAttributeNames(mapOf("#pk" to PK, "#stock" to STOCK, "#version" to VERSION))
                .expressionAttributeValues(mapOf(":quantity" to n(quantity), ":one" to n(1)))
        }.build(),
        TransactWriteItem.builder().put { put ->
            put.tableName(table.name)
                .item(reservationItem(productId, reservationId, quantity, ReservationStatus.RESERVED))
                .conditionExpression("attribute_not_exists(#pk)")
                .expressionAttributeNames(mapOf("#pk" to PK))
        }.build(),
    )

    /** Gives the reserved quantity back, once: the reservation must still be RESERVED. */
    fun release(reservation: Reservation): Attempt = transact(
        TransactWriteItem.builder().update { update ->
            update.tableName(table.name)
                .key(reservationKey(reservation.productId, reservation.reservationId))
                .updateExpression("SET #status = :released, #releasedAt = :now")
                .conditionExpression("#status = :reserved")
                .expressionAttributeNames(mapOf("#status" to STATUS, "#releasedAt" to RELEASED_AT))
                .expressionAttributeValues(
                    mapOf(
                        ":released" to s(ReservationStatus.RELEASED.name),
                        ":reserved" to s(ReservationStatus.RESERVED.name),
                        ":now" to s(clock.instant().toString()),
                    ),
                )
        }.build(),
        TransactWriteItem.builder().update { update ->
            update.tableName(table.name)
                .key(productKey(reservation.productId))
                .updateExpression("SET #stock = #stock + :quantity, #version = #version + :one")
                .conditionExpression("attribute_exists(#pk)")
                .expressionAttributeNames(mapOf("#pk" to PK, "#stock" to STOCK, "#version" to VERSION))
                .expressionAttributeValues(mapOf(":quantity" to n(reservation.quantity), ":one" to n(1)))
        }.build(),
    )

    /**
     * Records a release for a reservation that never arrived, so that a late reserve call with the
     * same id cannot take stock that its caller has already given up on.
     */
    fun recordReleaseOfUnknown(productId: String, reservationId: String): Boolean = try {
        dynamoDb.putItem { put ->
            put.tableName(table.name)
                .item(reservationItem(productId, reservationId, 0, ReservationStatus.RELEASED))
                .conditionExpression("attribute_not_exists(#pk)")
                .expressionAttributeNames(mapOf("#pk" to PK))
        }
        true
    } catch (_: ConditionalCheckFailedException) {
        false
    }

    fun find(productId: String, reservationId: String): Reservation? =
        dynamoDb.getItem { it.tableName(table.name).key(reservationKey(productId, reservationId)).consistentRead(true) }
            .takeIf { it.hasItem() }
            ?.item()
            ?.let { item ->
                Reservation(
                    productId = item.getValue(PRODUCT_ID).s(),
                    reservationId = item.getValue(RESERVATION_ID).s(),
                    quantity = item.getValue(QUANTITY).n().toInt(),
                    status = ReservationStatus.valueOf(item.getValue(STATUS).s()),
                )
            }

    private fun transact(vararg items: TransactWriteItem): Attempt = try {
        dynamoDb.transactWriteItems { it.transactItems(*items) }
        Attempt.COMMITTED
    } catch (e: TransactionCanceledException) {
        val codes = e.cancellationReasons().map { it.code() }
        if ("TransactionConflict" in codes && "ConditionalCheckFailed" !in codes) Attempt.CONFLICT else Attempt.CONDITION_FAILED
    }

    private fun reservationItem(
        productId: String,
        reservationId: String,
        quantity: Int,
        status: ReservationStatus,
    ): Map<String, AttributeValue> = reservationKey(productId, reservationId) + mapOf(
        PRODUCT_ID to s(productId),
        RESERVATION_ID to s(reservationId),
        QUANTITY to n(quantity),
        STATUS to s(status.name),
        CREATED_AT to s(clock.instant().toString()),
    )

    private companion object {
        const val PRODUCT_ID = "productId"
        const val RESERVATION_ID = "reservationId"
        const val QUANTITY = "quantity"
        const val STATUS = "status"
        const val CREATED_AT = "createdAt"
        const val RELEASED_AT = "releasedAt"
    }
}
