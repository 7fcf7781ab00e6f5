import type { Endpoint } from 'payload'

import { signInWithProvider } from '../auth/federatedSignIn'
import { verifyGoogleIdToken } from '../auth/google'
import { spendIdToken } from '../auth/oneUseIdToken'
import { readBody, requireString } from '../auth/requestInput'
import { sessionResponse } from '../auth/respond'

/** POST /api/users/google {idToken} */
export const googleSignInEndpoint: Endpoint = {
  path: '/google',
  method: 'post',
  handler: async (req) => {
    const idToken = requireString(await readBody(req), 'idToken', 4096)
    const identity = await verifyGoogleIdToken(req.payload, idToken)
    await spendIdToken(req, identity, idToken)
    return sessionResponse(req, await signInWithProvider(req, identity))
  },
}
