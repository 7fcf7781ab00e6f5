import { APIError, type FlattenedField, type SanitizedCollectionConfig } from 'payload'

/** What an array row or a block carries besides its own fields. */
const ROW_KEYS = ['id']
const BLOCK_KEYS = ['id', 'blockType', 'blockName']

/**
 * Names Payload accepts in a body without a field of that name. `password` is hashed into
 * `hash`/`salt`; the admin's password box sends `confirm-password` next to it (Payload checks
 * and drops it). A user read back carries `collection` (and `_strategy` from `/me`), so a
 * profile fetched, edited and sent back whole is still accepted. `prefix` and `_objectKey` are
 * added by Payload itself to an upload update before any hook runs.
 */
function payloadOwnKeys(collection: SanitizedCollectionConfig, operation: 'create' | 'update') {
  const keys = ['id', 'createdAt', 'updatedAt']
  if (collection.versions?.drafts) {
    keys.push('_status')
  }
  if (collection.auth) {
    keys.push('email', 'username', 'password', 'confirm-password', 'collection', '_strategy')
  }
  if (collection.upload) {
    // The admin's upload box is a form field named `file`; its value travels beside `_payload`,
    // but an empty box can leave `file: null` inside it.
    keys.push('file')
  }
  if (collection.upload && operation === 'update') {
    keys.push('prefix', '_objectKey')
  }
  return keys
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value)

const unknownField = (path: string) => new APIError(`Unknown field "${path}"`, 400, undefined, true)

/**
 * Walks a body against the fields that hold it: rows, collapsibles and unnamed tabs are already
 * flattened by Payload; groups and named tabs are objects of their own fields; arrays are lists
 * of rows; blocks are rows named by `blockType`. Values of other shapes are left to the field
 * type checks and validation (rich text, JSON and points are free-form by design).
 */
function checkKeys(
  data: Record<string, unknown>,
  fields: FlattenedField[],
  extraKeys: string[],
  trail: string,
) {
  const byName = new Map(fields.map((field) => [field.name, field]))
  for (const [key, value] of Object.entries(data)) {
    const path = trail ? `${trail}.${key}` : key
    const field = byName.get(key)
    if (!field) {
      if (extraKeys.includes(key)) {
        continue
      }
      throw unknownField(path)
    }
    if ((field.type === 'group' || field.type === 'tab') && isPlainObject(value)) {
      checkKeys(value, field.flattenedFields, [], path)
    }
    if (field.type === 'array' && Array.isArray(value)) {
      value.forEach((row, i) => {
        if (isPlainObject(row)) {
          checkKeys(row, field.flattenedFields, ROW_KEYS, `${path}.${i}`)
        }
      })
    }
    if (field.type === 'blocks' && Array.isArray(value)) {
      value.forEach((row, i) => {
        const block = isPlainObject(row)
          ? field.blocks.find((candidate) => candidate.slug === row.blockType)
          : undefined
        if (block && isPlainObject(row)) {
          checkKeys(row, block.flattenedFields, BLOCK_KEYS, `${path}.${i}`)
        }
      })
    }
  }
}

/**
 * A body that names a field the collection does not have is refused (400 naming it) instead of
 * being dropped in silence: a client that misspells `firstName` would otherwise be told its
 * save succeeded while nothing changed.
 */
export function refuseUnknownFields(
  data: Record<string, unknown>,
  collection: SanitizedCollectionConfig,
  operation: 'create' | 'update',
) {
  checkKeys(data, collection.flattenedFields, payloadOwnKeys(collection, operation), '')
}
