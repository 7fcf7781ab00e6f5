import { QueryError, type FlattenedField, type PayloadRequest } from 'payload'

import type { WhereLeaf } from './queryLimits'

type CollectionConfig = {
  access: { read?: (args: { req: PayloadRequest }) => unknown }
  flattenedFields: FlattenedField[]
}

type ReadAccess = (args: {
  req: PayloadRequest
  id?: undefined
  data?: undefined
  doc?: undefined
}) => unknown

/** Whether the caller may read `field` at all, judged without a document as Payload does. */
export async function fieldReadable(field: FlattenedField, req: PayloadRequest) {
  if ('hidden' in field && field.hidden === true) {
    return false
  }
  const read = ('access' in field ? field.access?.read : undefined) as ReadAccess | undefined
  return read ? Boolean(await read({ req, id: undefined, data: undefined, doc: undefined })) : true
}

/** The fields a hop's path names inside its collection, up to the next relationship. */
export function fieldsAlong(fields: FlattenedField[], path: string): FlattenedField[] | undefined {
  const along: FlattenedField[] = []
  let current = fields
  for (const segment of path.replace(/__/g, '.').split('.')) {
    if (segment === 'id') {
      return along
    }
    const field = current.find((candidate) => candidate.name === segment)
    if (!field) {
      return undefined
    }
    along.push(field)
    if (field.type === 'group' || field.type === 'tab' || field.type === 'array') {
      current = field.flattenedFields
      continue
    }
    return along
  }
  return along
}

/**
 * A condition that reaches through relationships into a collection or a field the caller may
 * not read (`guide.user.email` for anyone but staff) is refused here, with Payload's own
 * answer, before Payload validates it. Payload 3.90's validateQueryPaths checks the innermost
 * hop of such a path in a promise it never awaits: the caller still gets a 400, but the process
 * gets an unhandled rejection per request, which Node's default treats as a crash.
 */
export async function refuseUnreadablePaths(leaves: WhereLeaf[], req: PayloadRequest) {
  const refused = new Set<string>()
  for (const leaf of leaves) {
    for (const hop of leaf.resolved.hops) {
      const config = (req.payload.collections as Record<string, { config: CollectionConfig }>)[
        hop.collection
      ]?.config
      const along = config && fieldsAlong(config.flattenedFields, hop.path)
      const collectionReadable = config?.access.read
        ? Boolean(await config.access.read({ req }))
        : true
      const readable =
        collectionReadable &&
        along !== undefined &&
        (await Promise.all(along.map((field) => fieldReadable(field, req)))).every(Boolean)
      if (!readable) {
        refused.add(leaf.path)
        break
      }
    }
  }
  if (refused.size > 0) {
    throw new QueryError([...refused].map((path) => ({ path })))
  }
}
