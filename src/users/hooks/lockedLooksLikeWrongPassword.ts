import { AuthenticationError, type AfterErrorHook } from 'payload'

const isLockedAuth = (error: unknown) =>
  (error as { name?: string } | null)?.name === 'LockedAuth' ||
  (error as { originalError?: { name?: string } } | null)?.originalError?.name === 'LockedAuth'

/**
 * Payload tells a locked account apart ("This user is locked…") from a wrong password or an
 * unknown e-mail ("The email or password provided is incorrect."), which confirms to a
 * guesser that the address has an account and that the lock was reached. A locked account
 * gets the wrong-password answer instead, in REST (status and body) and GraphQL alike; the
 * lock itself still holds.
 */
export const lockedLooksLikeWrongPassword: AfterErrorHook = ({ error, graphqlResult, req }) => {
  if (!isLockedAuth(error)) {
    return
  }
  const same = new AuthenticationError(req.t)
  if (graphqlResult) {
    return {
      graphqlResult: {
        ...graphqlResult,
        message: same.message,
        extensions: { ...graphqlResult.extensions, name: same.name, statusCode: same.status },
      },
    }
  }
  return { status: same.status, response: { errors: [{ message: same.message }] } }
}
