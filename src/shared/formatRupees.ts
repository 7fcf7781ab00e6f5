const inr = new Intl.NumberFormat('en-IN', {
  style: 'currency',
  currency: 'INR',
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
})

/**
 * Money as people read it, "₹12,500.00", in every message, mail, log line and admin panel, so
 * a trekker or a desk never sees one amount written two ways.
 */
export function formatRupees(amount: number | string | null | undefined): string {
  return inr.format(Number(amount ?? 0))
}
