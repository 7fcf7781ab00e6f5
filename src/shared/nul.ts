/**
 * PostgreSQL cannot store or compare text holding a NUL character (U+0000): a write carrying
 * one reached the database, which refused it and logged the failed statement at ERROR for any
 * member to cause (review round 43). Nothing shows a NUL, so writes drop it, as the SOS always
 * did with its message.
 */
export const withoutNulText = (text: string) =>
  text.includes('\u0000') ? text.replaceAll('\u0000', '') : text

/**
 * `value` with every NUL dropped from its strings, however deep (the caller bounds the depth
 * first: see src/security/nesting.ts). Objects and lists are copied only where something changed.
 */
export function withoutNul<T>(value: T): T {
  if (typeof value === 'string') {
    return withoutNulText(value) as T
  }
  if (Array.isArray(value)) {
    let changed = false
    const copy = value.map((item) => {
      const next = withoutNul(item)
      changed ||= next !== item
      return next
    })
    return (changed ? copy : value) as T
  }
  // Plain objects only (GraphQL's input objects have no prototype); a Date or a Buffer is kept.
  const proto =
    value !== null && typeof value === 'object' ? Object.getPrototypeOf(value) : undefined
  if (proto === Object.prototype || proto === null) {
    let changed = false
    const copy: Record<string, unknown> = {}
    for (const [key, item] of Object.entries(value as object)) {
      const next = withoutNul(item)
      changed ||= next !== item
      copy[key] = next
    }
    return (changed ? copy : value) as T
  }
  return value
}
