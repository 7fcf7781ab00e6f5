import { Forbidden, type AfterErrorHook } from 'payload'

/**
 * The contract answers 401 when credentials are missing and 403 when a signed-in role may
 * not do something. Payload's access checks throw the same Forbidden (403) for both, so a
 * refusal of a caller who sent no valid credentials is turned into 401 here, telling the
 * app to sign in (or refresh its token) rather than that the action is off limits.
 */
export const anonymousIsUnauthorized: AfterErrorHook = ({ error, req }) => {
  // Only the access refusal: other 403s (an unverified e-mail at login) keep their meaning.
  if (!(error instanceof Forbidden) || req.user) {
    return
  }
  return {
    status: 401,
    response: { errors: [{ message: 'Sign in to do this: no valid credentials were sent' }] },
  }
}
