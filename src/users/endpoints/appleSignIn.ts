import type { Endpoint } from 'payload'

import { verifyAppleIdToken } from '../auth/apple'
import { signInWithProvider } from '../auth/federatedSignIn'
import { spendIdToken } from '../auth/oneUseIdToken'
import { readBody, requireString } from '../auth/requestInput'
import { sessionResponse } from '../auth/respond'

const optionalName = (value: unknown) =>
  typeof value === 'string' && value.trim() ? value.trim().slice(0, 80) : undefined

/**
 * POST /api/users/apple {idToken, firstName?, lastName?}. Apple puts the name only in the app's
 * first authorization response, never in the token, so the app may pass it along.
 */
export const appleSignInEndpoint: Endpoint = {
  path: '/apple',
  method: 'post',
  handler: async (req) => {
    const body = await readBody(req)
    const idToken = requireString(body, 'idToken', 4096)
    const identity = await verifyAppleIdToken(req.payload, idToken)
    await spendIdToken(req, identity, idToken)
    identity.firstName = optionalName(body.firstName)
    identity.lastName = optionalName(body.lastName)
    return sessionResponse(req, await signInWithProvider(req, identity))
  },
}
