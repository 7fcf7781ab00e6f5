import {
  Kind,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  NoFragmentCyclesRule,
  NoUndefinedVariablesRule,
  parse,
  validate,
  VariablesInAllowedPositionRule,
  type DocumentNode,
} from 'graphql'

type RouteHandler<Context> = (request: Request, context: Context) => Promise<Response>

/**
 * Rules that read the document alone (and the built-in @skip/@include), checked against a
 * schema of nothing else: enough to judge fragment cycles and variables, whatever the real
 * schema holds.
 */
const BARE_SCHEMA = new GraphQLSchema({
  query: new GraphQLObjectType({ name: 'Query', fields: { _: { type: GraphQLString } } }),
})
const DOCUMENT_RULES = [
  NoFragmentCyclesRule,
  NoUndefinedVariablesRule,
  VariablesInAllowedPositionRule,
]

function parsed(query: string): DocumentNode | null {
  try {
    return parse(query)
  } catch {
    // A syntax error is graphql-http's to answer, with its location.
    return null
  }
}

/**
 * The schema has no subscriptions, and Payload's complexity rule reads the missing root type
 * before GraphQL's own validation can refuse it, so `subscription { … }` was an empty 500
 * (review round 20): refused with 400 here.
 */
const asksForSubscription = (document: DocumentNode) =>
  document.definitions.some(
    (definition) =>
      definition.kind === Kind.OPERATION_DEFINITION && definition.operation === 'subscription',
  )

/**
 * Payload prices a query (its complexity rule) before GraphQL's own validation runs, and that
 * pricing follows fragments and reads directive variables: fragments spreading each other
 * overflowed it, and `@skip(if: $a)` with `$a` undeclared or nullable threw, each an empty 500
 * for anyone (review round 36). Those documents are answered here with GraphQL's own errors,
 * as every other invalid query is (200 with `errors`). Runs inside withBodyLimit.
 */
export function withGraphqlPrecheck<Context>(
  handler: RouteHandler<Context>,
): RouteHandler<Context> {
  return async (request, context) => {
    const body = await request
      .clone()
      .json()
      .catch(() => null)
    const query = (body as { query?: unknown } | null)?.query
    const document = typeof query === 'string' ? parsed(query) : null
    if (document && asksForSubscription(document)) {
      return Response.json(
        { errors: [{ message: 'This API has no subscriptions: send a query or a mutation.' }] },
        { status: 400 },
      )
    }
    const errors = document ? validate(BARE_SCHEMA, document, DOCUMENT_RULES) : []
    if (errors.length === 0) {
      return handler(request, context)
    }
    return Response.json(
      { errors: errors.map(({ message, locations }) => ({ message, locations })) },
      { status: 200 },
    )
  }
}
