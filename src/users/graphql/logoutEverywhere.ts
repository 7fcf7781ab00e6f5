import type { Config, PayloadRequest } from 'payload'

import { LOGOUT_ALL_SESSIONS } from '../hooks/endSignInOnLogout'

type GraphQLExtension = NonNullable<NonNullable<Config['graphQL']>['mutations']>
type Resolve = (
  source: unknown,
  args: { allSessions?: boolean | null },
  context: { req: PayloadRequest },
  info: unknown,
) => unknown

/**
 * GraphQL `logoutUser(allSessions: true)` ends every sign-in's refresh tokens, as REST
 * `?allSessions=true` does. Payload's resolver passes the argument to its logout operation
 * only, so this keeps that resolver and notes the argument where endSignInOnLogout reads it.
 * Mutations run one after another, so each logout sees its own argument.
 */
export const logoutEverywhereMutation: GraphQLExtension = (_GraphQL, { Mutation }) => {
  const builtIn = Mutation.fields.logoutUser as { resolve?: Resolve } | undefined
  const resolve = builtIn?.resolve
  if (!builtIn || !resolve) {
    return {}
  }
  return {
    logoutUser: {
      ...builtIn,
      resolve: ((source, args, context, info) => {
        context.req.context[LOGOUT_ALL_SESSIONS] = args.allSessions === true
        return resolve(source, args, context, info)
      }) as Resolve,
    },
  }
}
