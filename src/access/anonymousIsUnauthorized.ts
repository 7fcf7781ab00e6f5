import { Forbidden, UnauthorizedError, type AfterErrorHook } from 'payload'

export const SIGN_IN_FIRST = 'Sign in to do this: no valid credentials were sent'

/**
 * The contract answers 401 when credentials are missing and 403 when a signed-in role may
 * not do something. Payload's access checks throw the same Forbidden (403) for both, so a
 * refusal of a caller who sent no valid credentials is turned into 401 here, over REST and
 * GraphQL alike (the newcomer run: GraphQL answered an anonymous write 403), telling the app
 * to sign in (or refresh its token) rather than that the action is off limits. Payload's own
 * 401 ("Unauthorized, you must be logged in…", thrown by our endpoints too) gets the same words,
 * so every endpoint says it alike (the newcomer run of session 15 found three wordings).
 */
export const anonymousIsUnauthorized: AfterErrorHook = ({ error, graphqlResult, req }) => {
  const refused = graphqlResult ? (error as { originalError?: unknown }).originalError : error
  // Only the access refusal: other 403s (an unverified e-mail at login) keep their meaning.
  const anonymous =
    (refused instanceof Forbidden && !req.user) || refused instanceof UnauthorizedError
  if (!anonymous) {
    return
  }
  if (graphqlResult) {
    return {
      graphqlResult: {
        ...graphqlResult,
        message: SIGN_IN_FIRST,
        extensions: { ...graphqlResult.extensions, name: 'Unauthorized', statusCode: 401 },
      },
    }
  }
  return { status: 401, response: { errors: [{ message: SIGN_IN_FIRST }] } }
}
