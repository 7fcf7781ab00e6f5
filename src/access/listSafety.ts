import type { CollectionBeforeOperationHook, CollectionConfig } from 'payload'

import { searchOnlyReadableFields } from './adminSearch'
import { refuseMalformedInput } from './inputSafety'

export const MAX_LIMIT = 100

/**
 * Public list calls may not page through a whole table in one request: `limit` is
 * capped, `limit=0` and `pagination=false` do not switch paging off. Depth is capped
 * by the config's `maxDepth`.
 *
 * Left alone: server-side Local API calls (trusted; bulk reads go through exports) and
 * the finds Payload's dataloader makes to populate relationships. Those carry
 * `currentDepth`, ask for `pagination: false` and are bounded by the page being
 * populated; capping them would leave relations past the tenth unpopulated.
 */
const capListReads: CollectionBeforeOperationHook = ({ args, operation, req }) => {
  if (operation !== 'read' || req.payloadAPI === 'local' || args.currentDepth !== undefined) {
    return args
  }
  const requested = 'limit' in args && args.limit !== undefined ? Number(args.limit) : undefined
  const limit =
    requested === undefined || Number.isNaN(requested)
      ? undefined
      : requested > 0
        ? Math.min(requested, MAX_LIMIT)
        : MAX_LIMIT
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
      beforeOperation: [
        refuseMalformedInput,
        searchOnlyReadableFields,
        capListReads,
        ...(collection.hooks?.beforeOperation ?? []),
      ],
    },
  }
}
