import type { CollectionBeforeOperationHook, FlattenedField, PayloadRequest, Where } from 'payload'

import { fieldReadable } from './queryPathAccess'

type Condition = Record<string, unknown>

const isObject = (value: unknown): value is Condition =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** `{ trekkerPhone: { like: 'asha' } }` on one of the list's search fields: that field's name. */
function searchedField(condition: unknown, searchable: string[]): string | undefined {
  if (!isObject(condition) || Object.keys(condition).length !== 1) {
    return undefined
  }
  const [[name, test]] = Object.entries(condition)
  const isLike = isObject(test) && Object.keys(test).length === 1 && 'like' in test
  return isLike && searchable.includes(name) ? name : undefined
}

/** The search box's `or`, without the fields the caller may not read (undefined: none to drop). */
async function readableSearch(
  branches: unknown[],
  searchable: string[],
  fields: FlattenedField[],
  req: PayloadRequest,
): Promise<unknown[] | undefined> {
  const names = branches.map((branch) => searchedField(branch, searchable))
  if (names.some((name) => name === undefined)) {
    return undefined
  }
  const kept: unknown[] = []
  for (const [i, name] of names.entries()) {
    const field = fields.find((candidate) => candidate.name === name)
    if (field && (await fieldReadable(field, req))) {
      kept.push(branches[i])
    }
  }
  return kept.length > 0 && kept.length < branches.length ? kept : undefined
}

/**
 * The admin's search box matches its text against every one of the list's searchable fields
 * (`or` of `like`s). A role that may not read one of them (finance and a booking's
 * `trekkerPhone`, a user's `phone`) would have the whole search refused, and the list view shows
 * nothing. For the admin's own searches (the Local API on the signed-in user's behalf) those
 * fields are left out of the `or` instead: the text is still never compared with a value the
 * caller may not read. Filters over REST and GraphQL are untouched and refused as before.
 */
export const searchOnlyReadableFields: CollectionBeforeOperationHook = async ({
  args,
  collection,
  operation,
  overrideAccess,
  req,
}) => {
  const searchable = collection.admin?.listSearchableFields ?? []
  const where = (args as { where?: unknown }).where
  if (
    operation !== 'read' ||
    req.payloadAPI !== 'local' ||
    overrideAccess === true ||
    !req.user ||
    searchable.length === 0 ||
    !isObject(where)
  ) {
    return args
  }
  const narrow = async (node: Condition): Promise<Condition> => {
    const out: Condition = { ...node }
    if (Array.isArray(node.or)) {
      out.or =
        (await readableSearch(node.or, searchable, collection.flattenedFields, req)) ?? node.or
    }
    if (Array.isArray(node.and)) {
      out.and = await Promise.all(
        node.and.map((inner) => (isObject(inner) ? narrow(inner) : inner)),
      )
    }
    return out
  }
  return { ...args, where: (await narrow(where)) as Where }
}
