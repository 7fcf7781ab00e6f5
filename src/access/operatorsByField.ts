import type { FlattenedField } from 'payload'

const EQUALITY = ['equals', 'not_equals', 'in', 'not_in', 'exists']
const ORDER = ['greater_than', 'greater_than_equal', 'less_than', 'less_than_equal']
const TEXT_MATCH = ['like', 'not_like', 'contains']
const GEO = ['near', 'within', 'intersects']

const TEXT = [...EQUALITY, ...ORDER, ...TEXT_MATCH]
const ORDERED = [...EQUALITY, ...ORDER]
// Payload reads `like` on a number, an id or a relation as `equals`; the admin's list search
// sends it on `useAsTitle: 'id'` (posts, badge awards). `contains`/`not_like` it does not.
const NUMERIC = [...ORDERED, 'like']

/**
 * Operators each field type can be queried with. Anything else reaches PostgreSQL as an
 * operator that does not exist for the column (`enum ~~* text`, `jsonb ~~* text`: 42883) or
 * fails in the adapter (`near` on a number: a TypeError, `all` on a single value), all 500s. Relations compare ids,
 * which may be ordered (`greater_than: 0` starts a cursor).
 * Types not listed (arrays, groups, joins) are left to Payload.
 */
const ALLOWED: Partial<Record<FlattenedField['type'], string[]>> = {
  text: TEXT,
  textarea: TEXT,
  email: TEXT,
  code: TEXT,
  number: NUMERIC,
  date: ORDERED,
  select: EQUALITY,
  radio: EQUALITY,
  checkbox: EQUALITY,
  relationship: NUMERIC,
  upload: NUMERIC,
  richText: ['exists'],
  point: [...EQUALITY, ...GEO],
  // Payload queries into JSON by path (`params.bookingRef`, left to it); on the field itself a
  // text match reaches PostgreSQL as `jsonb ilike text` (42883) and a geometry operator fails
  // in the adapter, 500s (review round 34).
  json: ORDERED,
}

const ID_OPERATORS = new Set(NUMERIC)

/** The operators `field` can be queried with, or undefined when the guard leaves it to Payload. */
export function allowedOperators(field: FlattenedField | undefined, isId: boolean) {
  if (isId) {
    return ID_OPERATORS
  }
  const allowed = field && ALLOWED[field.type]
  if (!allowed) {
    return undefined
  }
  const hasMany = 'hasMany' in field && field.hasMany === true
  // A polymorphic relation (only Payload's own: a lock's `document`, a lock's or preference's
  // `user`) is queried through `.value` and `.relationTo`; on the field itself Payload's query
  // builder throws "Not supported" with no status, a 500 (review round 34).
  if (
    (field.type === 'relationship' || field.type === 'upload') &&
    Array.isArray(field.relationTo)
  ) {
    return new Set<string>()
  }
  if (!hasMany || field.type === 'number') {
    // A has-many number is stored one value a row: `contains` reached PostgreSQL as `number
    // ilike text` (42883) and was logged as an error before its 400 (newcomer, round 34).
    return new Set(allowed)
  }
  // A has-many relation may also be asked `contains` a nested where (Payload's nested query),
  // a has-many select `contains` one of its values.
  // `all` is refused for every field (queryLimits.ts): the database adapter has none.
  return new Set([...allowed, 'contains'])
}
