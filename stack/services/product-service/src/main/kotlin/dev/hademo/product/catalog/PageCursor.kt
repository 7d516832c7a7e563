package dev.hademo.product.catalog

import dev.hademo.product.web.InvalidCursorException
import java.util.Base64

/**
 * The opaque `cursor` of product listings: the id of the last product of the previous page.
 * Opaque so that clients do not build cursors themselves and the encoding may change.
 */
object PageCursor {
    private const val PREFIX = "after:"

    fun encode(lastId: String): String =
        Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + lastId).toByteArray())

    /** Returns the product id to continue after, or throws [InvalidCursorException]. */
    fun decode(cursor: String): String {
        val text = try {
            String(Base64.getUrlDecoder().decode(cursor))
        } catch (_: IllegalArgumentException) {
            throw InvalidCursorException()
        }
        val id = text.removePrefix(PREFIX)
        if (!text.startsWith(PREFIX) || !ProductIds.isWellFormed(id)) throw InvalidCursorException()
        return id
    }
}
