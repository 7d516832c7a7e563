package dev.hademo.product.catalog

object ProductIds {
    private val PATTERN = Regex("[A-Za-z0-9-]{1,64}")

    /** Ids that cannot exist are answered as unknown without asking DynamoDB. */
    fun isWellFormed(id: String): Boolean = PATTERN.matches(id)
}
