import type { CollectionBeforeOperationHook, CollectionConfig } from 'payload'

export const MAX_LIMIT = 100

/**
 * Public list calls may not page through a whole table in one request: `limit` is
 * capped, `limit=0` and `pagination=false` do not switch paging off. Server-side
 * Local API calls are trusted and left alone; bulk reads go through exports.
 */
const capListReads: CollectionBeforeOperationHook = ({ args, operation, req }) => {
  if (operation !== 'read' || req.payloadAPI === 'local') {
    return args
  }
  const requested = 'limit' in args && args.limit !== undefined ? Number(args.limit) : undefined
  const limit =
    requested === undefined ? undefined : requested > 0 ? Math.min(requested, MAX_LIMIT) : MAX_LIMIT
  return {
    ...args,
    limit,
    pagination: true,
  }
}

export function withListSafety(collection: CollectionConfig): CollectionConfig {
  return {
    ...collection,
    hooks: {
      ...collection.hooks,
      beforeOperation: [capListReads, ...(collection.hooks?.beforeOperation ?? [])],
    },
  }
}
