import type { Config } from 'payload'

import { loginSessionMutation } from './loginSession'
import { logoutEverywhereMutation } from './logoutEverywhere'

type GraphQLExtension = NonNullable<NonNullable<Config['graphQL']>['mutations']>

/** The users domain's changes to Payload's generated GraphQL mutations. */
export const userGraphQLMutations: GraphQLExtension = (GraphQL, schema) => ({
  ...loginSessionMutation(GraphQL, schema),
  ...logoutEverywhereMutation(GraphQL, schema),
})
