import type { GraphQLFieldConfig } from 'graphql'

type Resolver = NonNullable<GraphQLFieldConfig<unknown, unknown>['resolve']>
type QueryFields = { Query: { fields: Record<string, GraphQLFieldConfig<unknown, unknown>> } }

/**
 * Payload's own permissions query (`{ Access { canAccessAdmin } }`) declares `canAccessAdmin`
 * non-null, but Payload drops the key when it is false, so every caller who may not use the
 * admin (anonymous, a trekker, a guide) got a 500 error and an error line (review round 20).
 * The same query, answering `false` for them.
 */
export function accessQueryAnswersFalse(_graphQL: unknown, { Query }: QueryFields) {
  const access = Query.fields.Access
  const resolve = access.resolve as Resolver
  return {
    Access: {
      ...access,
      resolve: async (...args: Parameters<Resolver>) => {
        const permissions = (await resolve(...args)) as Record<string, unknown>
        return { ...permissions, canAccessAdmin: permissions.canAccessAdmin === true }
      },
    },
  }
}
