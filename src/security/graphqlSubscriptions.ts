import { Kind, parse } from 'graphql'

type RouteHandler<Context> = (request: Request, context: Context) => Promise<Response>

function asksForSubscription(query: string): boolean {
  if (!/\bsubscription\b/.test(query)) {
    return false
  }
  try {
    return parse(query).definitions.some(
      (definition) =>
        definition.kind === Kind.OPERATION_DEFINITION && definition.operation === 'subscription',
    )
  } catch {
    // A syntax error is graphql-http's to answer (400 with the error's location).
    return false
  }
}

/**
 * The schema has no subscriptions, and Payload's complexity rule reads the missing root type
 * before GraphQL's own validation can refuse it, so `subscription { … }` was an empty 500 and
 * an error line (review round 20). Answered 400 here instead, as GraphQL errors are. Runs
 * inside withBodyLimit, so the body is already a bounded JSON object.
 */
export function withoutSubscriptions<Context>(
  handler: RouteHandler<Context>,
): RouteHandler<Context> {
  return async (request, context) => {
    const body = await request
      .clone()
      .json()
      .catch(() => null)
    const query = (body as { query?: unknown } | null)?.query
    if (typeof query === 'string' && asksForSubscription(query)) {
      return Response.json(
        { errors: [{ message: 'This API has no subscriptions: send a query or a mutation.' }] },
        { status: 400 },
      )
    }
    return handler(request, context)
  }
}
