import type { Endpoint } from 'payload'

import { readBody, requireString } from '../auth/requestInput'
import { sessionResponse } from '../auth/respond'
import { rotateSession } from '../auth/rotateSession'

/** POST /api/users/token/refresh {refreshToken}: a new session; the old token is spent. */
export const tokenRefreshEndpoint: Endpoint = {
  path: '/token/refresh',
  method: 'post',
  handler: async (req) => {
    const refreshToken = requireString(await readBody(req), 'refreshToken', 200)
    return sessionResponse(req, await rotateSession(req, refreshToken))
  },
}
