import type { Endpoint } from 'payload'

import { verifyAppleIdToken } from '../auth/apple'
import { signInWithProvider } from '../auth/federatedSignIn'
import { readBody, requireString } from '../auth/requestInput'
import { sessionResponse } from '../auth/respond'

/** POST /api/users/apple {idToken} */
export const appleSignInEndpoint: Endpoint = {
  path: '/apple',
  method: 'post',
  handler: async (req) => {
    const idToken = requireString(await readBody(req), 'idToken', 4096)
    const identity = await verifyAppleIdToken(req.payload, idToken)
    return sessionResponse(req, await signInWithProvider(req, identity))
  },
}
