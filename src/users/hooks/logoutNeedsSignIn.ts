import type { AfterErrorHook } from 'payload'

const MESSAGE = 'Sign in first: no valid credentials were sent, or that sign-in has already ended'

type MaybeApiError = { name?: string; message?: string; status?: number }

/** Payload's logout refuses a caller it could not sign in with a 400 "No User"; nothing else says that. */
const isLogoutWithoutUser = (error: MaybeApiError | undefined) =>
  error?.name === 'APIError' && error.message === 'No User' && error.status === 400

/**
 * The contract answers missing or bad credentials with 401, and an app that gets 401 on
 * logout knows the sign-in is already over; a 400 would read as a request to fix. Covers no
 * token, a token of an ended sign-in and a token that is not ours, in REST and GraphQL.
 */
export const logoutNeedsSignIn: AfterErrorHook = ({ error, graphqlResult, req }) => {
  const original = (error as { originalError?: MaybeApiError }).originalError
  if (req.user || !isLogoutWithoutUser(graphqlResult ? original : (error as MaybeApiError))) {
    return
  }
  if (graphqlResult) {
    return {
      graphqlResult: {
        ...graphqlResult,
        message: MESSAGE,
        extensions: { ...graphqlResult.extensions, statusCode: 401 },
      },
    }
  }
  return { status: 401, response: { errors: [{ message: MESSAGE }] } }
}
