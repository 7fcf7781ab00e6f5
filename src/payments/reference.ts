/**
 * The longest receipt number, transfer UTR or payout voucher staff may record against a payment
 * or a refund paid by hand. Longer is refused, never cut: finance matches it against the bank's.
 */
export const PAYMENT_REFERENCE_MAX_LENGTH = 120
