import type { FlattenedField, Payload } from 'payload'

/** What a `where` or `sort` path names, as far as the guard can tell before Payload does. */
export type ResolvedPath = {
  /** The field the path ends on; undefined when the guard cannot tell (Payload judges it). */
  field?: FlattenedField
  /** The path ends on a document's own `id` (of this collection or a related one). */
  isId: boolean
  /** The path goes through a relationship into another collection's fields (a join in SQL). */
  crossesRelation: boolean
  /** Each relationship hop: the collection entered and the path inside it, for access checks. */
  hops: Array<{ collection: string; path: string }>
  /**
   * A field the path goes on past although it has nothing inside (`note.id` on a text field):
   * Payload's sort on such a path met a guide's access filter with a TypeError, a 500 (review
   * round 34).
   */
  pastField?: FlattenedField
}

const relatedCollection = (field: FlattenedField): string | undefined =>
  (field.type === 'relationship' || field.type === 'upload') && typeof field.relationTo === 'string'
    ? field.relationTo
    : undefined

/**
 * Follows a dotted path (`trek.region.name`, `nextBatch.price`) through groups, tabs and
 * arrays of this collection and through single-collection relationships into others. GraphQL
 * spells nested paths with `__`, as Payload accepts.
 */
export function resolvePath(
  payload: Payload,
  rootFields: FlattenedField[],
  rawPath: string,
): ResolvedPath {
  const segments = rawPath.replace(/__/g, '.').split('.')
  const resolved: ResolvedPath = { isId: false, crossesRelation: false, hops: [] }
  let fields = rootFields
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]
    const rest = segments.slice(i + 1)
    if (segment === 'id' && rest.length === 0) {
      resolved.isId = true
      return resolved
    }
    const field = fields.find((candidate) => candidate.name === segment)
    if (!field) {
      return resolved
    }
    if (rest.length === 0) {
      resolved.field = field
      return resolved
    }
    const related = relatedCollection(field)
    if (related) {
      // `trek.id` is the relation's own column; Payload answers it without a join.
      if (rest.length === 1 && rest[0] === 'id') {
        resolved.isId = true
        return resolved
      }
      const config = (
        payload.collections as Record<
          string,
          { config: { flattenedFields: FlattenedField[] } } | undefined
        >
      )[related]?.config
      if (!config) {
        return resolved
      }
      resolved.crossesRelation = true
      resolved.hops.push({ collection: related, path: rest.join('.') })
      fields = config.flattenedFields
      continue
    }
    if (field.type === 'relationship' || field.type === 'upload' || field.type === 'join') {
      // Polymorphic relations and joins reach other tables too; their inner fields are Payload's.
      resolved.crossesRelation = true
      return resolved
    }
    if (field.type === 'group' || field.type === 'tab' || field.type === 'array') {
      fields = field.flattenedFields
      continue
    }
    // JSON is queried by path inside it; anything else has no parts.
    if (field.type !== 'json') {
      resolved.pastField = field
    }
    return resolved
  }
  return resolved
}
