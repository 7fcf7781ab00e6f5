import { formatRupees } from '@/shared/formatRupees'

export type CancelResponse = { doc?: { refundDue?: number | null } }

/** What the desk tells the trekker after cancelling: the refund the policy gave, if any. */
export function cancelOutcome(body: CancelResponse): string {
  const refund = Number(body.doc?.refundDue ?? 0)
  if (refund <= 0) {
    return 'Cancelled. No refund is due under the cancellation policy.'
  }
  return `Cancelled. Refund due under the cancellation policy: ${formatRupees(refund)} (queued).`
}
