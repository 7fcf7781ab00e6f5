import { APIError, headersWithCors, type Endpoint } from 'payload'

import { kolkataDay } from '@/shared/time'

import { exportAccount } from '../privacy/exportAccount'
import { SIGN_IN_FIRST } from '@/access/anonymousIsUnauthorized'

/** GET /api/users/me/export: everything we hold about the signed-in user, as a JSON file. */
export const exportMyDataEndpoint: Endpoint = {
  path: '/me/export',
  method: 'get',
  handler: async (req) => {
    if (!req.user) {
      throw new APIError(SIGN_IN_FIRST, 401, null, true)
    }
    const data = await exportAccount(req.payload, req.user)
    req.payload.logger.info({ msg: 'Account data exported', userId: req.user.id })
    // Named by the business day, as the payments CSV is (not the UTC date).
    const day = kolkataDay(data.exportedAt)
    return new Response(JSON.stringify(data, null, 2), {
      status: 200,
      headers: headersWithCors({
        headers: new Headers({
          'Content-Type': 'application/json; charset=utf-8',
          'Content-Disposition': `attachment; filename="obs-account-${req.user.id}-${day}.json"`,
          'Cache-Control': 'no-store',
        }),
        req,
      }),
    })
  },
}
