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
 *
 * Server code passes the request's `req` to stay in its transaction, and that `req` says REST
 * or GraphQL: what marks it as the server's own read is `overrideAccess`, which no REST or
 * GraphQL call sets (review round 28: "every payment of this booking" saw ten, and a
 * cancellation refunded thousands too little).
 */
const capListReads: CollectionBeforeOperationHook = ({ args, operation, req }) => {
  if (
    operation !== 'read' ||
    req.payloadAPI === 'local' ||
    args.overrideAccess === true ||
    args.currentDepth !== undefined
  ) {
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
