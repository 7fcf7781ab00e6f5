/** Rupees with two decimals: sums of prices and payments never drift by float error. */
export function roundRupees(amount: number): number {
  return Math.round(amount * 100) / 100
}
