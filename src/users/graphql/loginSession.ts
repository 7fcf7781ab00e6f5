import type { Config } from 'payload'

type GraphQLExtension = NonNullable<NonNullable<Config['graphQL']>['mutations']>

/**
 * GraphQL `loginUser` answers with the contract's session, refresh token included. Payload's
 * login already returns it (see addRefreshTokenToLogin); only its GraphQL result type lacked
 * the field. The mutation keeps Payload's own resolver and type name. Its arguments are
 * loosened: with e-mail or username sign-in allowed, Payload declares both as required, so
 * nobody could sign in with an e-mail alone; the login operation itself checks that one of
 * them is given.
 */
export const loginSessionMutation: GraphQLExtension = (GraphQL, { Mutation }) => {
  const builtIn = Mutation.fields.loginUser as
    | { type: InstanceType<typeof GraphQL.GraphQLObjectType>; args: Record<string, unknown> }
    | undefined
  if (!builtIn) {
    return {}
  }
  const config = builtIn.type.toConfig()
  return {
    loginUser: {
      ...builtIn,
      args: {
        ...builtIn.args,
        email: { type: GraphQL.GraphQLString },
        username: { type: GraphQL.GraphQLString },
      },
      type: new GraphQL.GraphQLObjectType({
        ...config,
        fields: {
          ...config.fields,
          refreshToken: {
            type: GraphQL.GraphQLString,
            description: 'Single use, 30 days; trade it at POST /api/users/token/refresh',
          },
        },
      }),
    },
  }
}
