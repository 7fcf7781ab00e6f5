import { APIError, type CollectionBeforeOperationHook, type CollectionConfig } from 'payload'

import { searchOnlyReadableFields } from './adminSearch'
import { refuseMalformedInput } from './inputSafety'

export const MAX_LIMIT = 100

/** Payload's page size when a list names no `limit`. */
const DEFAULT_LIMIT = 10

/**
 * Documents one GraphQL request may ask its lists for, all its aliases together: two full
 * pages. Each alias was capped at 100 alone, so twenty aliases of `Posts(limit: 100)` read
 * 2,000 posts into one 137 MB answer, past a server's heap, anonymously (review round 28).
 */
export const MAX_GRAPHQL_LIST_DOCUMENTS = 2 * MAX_LIMIT

const GRAPHQL_LIST_DOCUMENTS = 'graphqlListDocuments'

/** Adds a list's page to its GraphQL request's tally, refusing the list that goes past the budget. */
function countGraphqlListRead(
  req: Parameters<CollectionBeforeOperationHook>[0]['req'],
  limit: number,
) {
  const asked = Number(req.context[GRAPHQL_LIST_DOCUMENTS] ?? 0) + limit
  req.context[GRAPHQL_LIST_DOCUMENTS] = asked
  if (asked > MAX_GRAPHQL_LIST_DOCUMENTS) {
    throw new APIError(
      `A GraphQL request may ask its lists for at most ${MAX_GRAPHQL_LIST_DOCUMENTS} documents in all (each list's limit, ${DEFAULT_LIMIT} when none is given); this one asks for ${asked}. Split it into several requests.`,
      400,
      null,
      true,
    )
  }
}

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
  // A list the client asked for. Payload's own look-ups of ids a write sent (a relationship's
  // `filterOptions` check) ask with `disableErrors`, which its GraphQL list resolvers never do:
  // counting those refused a member's third aliased photo update (review round 29).
  const { id, disableErrors } = args as { id?: unknown; disableErrors?: boolean }
  const askedByClient = id === undefined && disableErrors !== true
  if (req.payloadAPI === 'GraphQL' && askedByClient) {
    countGraphqlListRead(req, limit ?? DEFAULT_LIMIT)
  }
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
