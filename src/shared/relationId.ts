/**
 * A relationship as Payload hands it over: a bare id (number, or a numeric string from a
 * query or a form), the populated document when read with depth, or nothing.
 */
export type RelationValue = number | string | { id: number | string } | null | undefined

/**
 * The numeric id a relationship value points at, or null when it points at nothing usable.
 * Our rows have serial integer ids, so anything but a positive integer is treated as absent;
 * callers then decide whether absence is fine or an error.
 */
export function relationId(value: unknown): number | null {
  const raw = value && typeof value === 'object' ? (value as { id?: unknown }).id : value
  if (raw === null || raw === undefined || raw === '' || typeof raw === 'boolean') {
    return null
  }
  const id = Number(raw)
  return Number.isInteger(id) && id > 0 ? id : null
}

/**
 * The id of a relationship the schema requires. Absence here means a broken row or a caller
 * bug, not user input, so it throws rather than letting `null` travel into a query.
 */
export function requiredRelationId(value: unknown): number {
  const id = relationId(value)
  if (id === null) {
    throw new Error('Missing relationship')
  }
  return id
}
