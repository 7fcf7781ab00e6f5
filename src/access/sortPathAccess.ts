import { QueryError, type FlattenedField, type PayloadRequest } from 'payload'

import { fieldReadable, fieldsAlong } from './queryPathAccess'
import { isListOfRelated } from './queryLimits'
import { resolvePath, type ResolvedPath } from './queryPaths'

type CollectionConfig = {
  access: { read?: (args: { req: PayloadRequest }) => unknown }
  flattenedFields: FlattenedField[]
}

/**
 * Named like Payload's own refusal so the admin's list view shows an empty list for it, as it
 * does for a filter on a field the user may not read, instead of failing the page.
 */
class SortPathRefused extends QueryError {
  constructor(
    path: string,
    why = 'sorting through a relationship is allowed only on fields you may read of ' +
      'documents you may all read',
  ) {
    super([{ path }])
    this.name = 'QueryError'
    this.message = `sort cannot use ${path}: ${why}`
  }
}

/** A sort path that goes on past a field with nothing inside it (`note.id`). */
class SortPathIntoNothing extends QueryError {
  constructor(path: string, field: FlattenedField) {
    super([{ path }])
    this.name = 'QueryError'
    this.message = `sort cannot use ${path}: ${field.name} (${field.type}) has no fields inside it`
  }
}

/** What a sort item names, following a virtual field to the relationship path it stands for. */
function resolveSortPath(req: PayloadRequest, fields: FlattenedField[], path: string) {
  const resolved = resolvePath(req.payload, fields, path)
  const virtual = resolved.field && 'virtual' in resolved.field ? resolved.field.virtual : undefined
  return typeof virtual === 'string' ? resolvePath(req.payload, fields, virtual) : resolved
}

/** Whether the caller reads every row of each collection the path enters, and the fields on it. */
async function readableInFull(resolved: ResolvedPath, req: PayloadRequest) {
  if (!resolved.field && !resolved.isId) {
    // Through a polymorphic relation or a join, or a field the guard cannot name: not judged.
    return false
  }
  const collections = req.payload.collections as Record<string, { config: CollectionConfig }>
  for (const hop of resolved.hops) {
    const config = collections[hop.collection]?.config
    const along = config && fieldsAlong(config.flattenedFields, hop.path)
    if (!config || !along) {
      return false
    }
    const rows = config.access.read ? await config.access.read({ req }) : true
    if (rows !== true) {
      return false
    }
    for (const field of along) {
      if (!(await fieldReadable(field, req))) {
        return false
      }
    }
  }
  return true
}

/**
 * A sort through a relationship (`author.lastName` on posts) orders rows by the related
 * documents' values. Payload checks only that each field on the path is readable at field level;
 * the related collection's row access is not applied to the join, so the order would rank
 * documents the caller may not read (a member spells out another author's surname by moving
 * their own past it). Such a sort is allowed only where the caller reads every document of each
 * collection it enters (staff sorting batches by `trek.name`), and every field on the path.
 * Field rules are judged without a document, as Payload does: a rule that also lets an owner
 * read their own row counts only for what it grants every row.
 */
export async function refuseSortsIntoUnreadableRows(
  sort: unknown,
  fields: FlattenedField[],
  req: PayloadRequest,
) {
  if (sort === undefined || sort === null || sort === '') {
    return
  }
  const items = (Array.isArray(sort) ? sort : String(sort).split(','))
    .map((item) => String(item).trim().replace(/^[-+]/, ''))
    .filter(Boolean)
  for (const path of items) {
    const resolved = resolveSortPath(req, fields, path)
    if (resolved.pastField) {
      throw new SortPathIntoNothing(path, resolved.pastField)
    }
    if (isListOfRelated(resolved)) {
      throw new SortPathRefused(path, `${path} is a list on a related document`)
    }
    if (resolved.crossesRelation && !(await readableInFull(resolved, req))) {
      throw new SortPathRefused(path)
    }
  }
}
