import type { NumberFieldSingleValidation } from 'payload'

/** The highest point any trek of ours can reach, with room above Everest's 8849 m. */
export const MAX_ALTITUDE_M = 9000

const isBlank = (value: unknown) => value === undefined || value === null

/**
 * A number field rule with a message a client can show as is. Payload's own number
 * check is replaced, so emptiness is handled here too.
 */
export function numberBetween(
  label: string,
  min: number,
  max: number,
  options: { required?: boolean; whole?: boolean; unit?: string } = {},
): NumberFieldSingleValidation {
  const unit = options.unit ? ` ${options.unit}` : ''
  return (value) => {
    if (isBlank(value)) {
      return options.required ? `${label} is required` : true
    }
    const ok =
      typeof value === 'number' &&
      Number.isFinite(value) &&
      value >= min &&
      value <= max &&
      (!options.whole || Number.isInteger(value))
    if (ok) {
      return true
    }
    const kind = options.whole ? 'a whole number' : 'a number'
    return `${label} must be ${kind} from ${min} to ${max}${unit}`
  }
}

export const altitudeInMetres = (label: string, required = false) =>
  numberBetween(label, 0, MAX_ALTITUDE_M, { required, unit: 'metres' })

/** `bestMonths`: calendar months 1–12, each at most once. */
export const monthsOfYear = (value: unknown): string | true => {
  if (isBlank(value)) {
    return true
  }
  const months = Array.isArray(value) ? value : [value]
  const bad = months.find((m) => typeof m !== 'number' || !Number.isInteger(m) || m < 1 || m > 12)
  if (bad !== undefined) {
    return `Best months must be month numbers from 1 to 12 (got ${JSON.stringify(bad)})`
  }
  if (new Set(months).size !== months.length) {
    return 'Best months must not repeat a month'
  }
  return true
}
