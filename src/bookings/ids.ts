/** The numeric id of a relationship value, whether populated, a number or a numeric string. */
export function idOf(value: unknown): number | null {
  const raw = value && typeof value === 'object' ? (value as { id: unknown }).id : value
  const id = Number(raw)
  return raw != null && raw !== '' && Number.isInteger(id) && id > 0 ? id : null
}
