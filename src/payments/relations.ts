/** The id of a relationship value, whether it came populated or as a bare id. */
export function idOf(value: number | string | { id: number | string } | null | undefined): number {
  if (value === null || value === undefined) {
    throw new Error('Missing relationship')
  }
  return Number(typeof value === 'object' ? value.id : value)
}
