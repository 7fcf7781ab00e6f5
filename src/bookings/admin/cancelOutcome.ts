export type CancelResponse = {
  doc?: { refundDue?: number | null; amountPaid?: number | null }
  errors?: Array<{ message?: string }>
}

const inr = new Intl.NumberFormat('en-IN', { style: 'currency', currency: 'INR' })

/** What the desk tells the trekker after cancelling: the refund the policy gave, if any. */
export function cancelOutcome(body: CancelResponse): string {
  const refund = Number(body.doc?.refundDue ?? 0)
  if (refund <= 0) {
    return 'Cancelled. No refund is due under the cancellation policy.'
  }
  return `Cancelled. Refund due under the cancellation policy: ${inr.format(refund)} (queued).`
}
