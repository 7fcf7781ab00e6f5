/**
 * Money is decimal rupees everywhere in our data; Razorpay speaks whole paise.
 * These are the only conversions between the two.
 */
export function toPaise(rupees: number): number {
  return Math.round(Number(rupees) * 100)
}

export function toRupees(paise: number): number {
  return Math.round(Number(paise)) / 100
}

/** Rupee arithmetic without binary-fraction drift (0.1 + 0.2 stays 0.3). */
export function sumRupees(...amounts: Array<number | null | undefined>): number {
  return toRupees(amounts.reduce<number>((total, amount) => total + toPaise(amount ?? 0), 0))
}

/**
 * At least one paisa, with at most two decimals (2500.01 * 100 is 250000.99999999997 in
 * floats). Below a paisa (1e-9) is 0 paise to Razorpay, which refuses it.
 */
export function isRupeeAmount(value: unknown): value is number {
  return (
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value >= 0.01 &&
    Math.abs(value * 100 - toPaise(value)) < 1e-6
  )
}
