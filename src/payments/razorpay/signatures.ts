import { createHmac, timingSafeEqual } from 'node:crypto'

function hmacHex(secret: string, data: string | Buffer): string {
  return createHmac('sha256', secret).update(data).digest('hex')
}

/** Constant-time comparison of a hex signature we computed with one we were sent. */
function sameSignature(expected: string, received: string): boolean {
  const a = Buffer.from(expected, 'utf8')
  const b = Buffer.from(received, 'utf8')
  return a.length === b.length && timingSafeEqual(a, b)
}

/** Checkout's handler signature: HMAC-SHA256 of `order_id|payment_id` with the key secret. */
export function isValidCheckoutSignature(args: {
  orderId: string
  paymentId: string
  signature: string
  keySecret: string
}): boolean {
  const expected = hmacHex(args.keySecret, `${args.orderId}|${args.paymentId}`)
  return sameSignature(expected, args.signature)
}

/**
 * Webhook signature over the exact bytes Razorpay sent. Any configured secret is
 * accepted so a secret can be rotated without losing deliveries signed with the old one.
 */
export function isValidWebhookSignature(
  rawBody: Buffer,
  signature: string,
  secrets: string[],
): boolean {
  let valid = false
  for (const secret of secrets) {
    // No early exit: every secret is checked so timing does not reveal which one matched.
    valid = sameSignature(hmacHex(secret, rawBody), signature) || valid
  }
  return valid
}
