import { APIError, type Endpoint } from 'payload'

import { hasRole, type AuthUser } from '@/access/roles'

import { jsonResponse } from '../auth/respond'
import { endCredentialGrants } from '../auth/credentialGrants'
import { takeOffRecentPhone } from '../auth/recentPhone'
import { revokeAllSessions } from '../auth/sessions'
import { inTransaction } from '../auth/transaction'
import { SIGN_IN_FIRST } from '@/access/anonymousIsUnauthorized'
import { isRowId } from '@/access/inputSafety'

/**
 * POST /api/users/:id/sign-out: a super admin ends every sign-in of any account; customer
 * support only of trekkers (cs edits trekkers, not staff accounts).
 */
export const signOutEverywhereEndpoint: Endpoint = {
  path: '/:id/sign-out',
  method: 'post',
  handler: async (req) => {
    if (!req.user) {
      throw new APIError(SIGN_IN_FIRST, 401, null, true)
    }
    if (!hasRole(req.user as AuthUser, 'super_admin', 'cs')) {
      throw new APIError(
        'Only super admins and customer support can sign users out.',
        403,
        null,
        true,
      )
    }
    const id = String(req.routeParams?.id ?? '')
    const user =
      /^\d+$/.test(id) && isRowId(id)
        ? await req.payload.db.findOne({ collection: 'users', where: { id: { equals: id } } })
        : null
    if (!user) {
      throw new APIError('No such user.', 404, null, true)
    }
    if (
      (user as { staffRole?: string | null }).staffRole &&
      !hasRole(req.user as AuthUser, 'super_admin')
    ) {
      throw new APIError('Only super admins can sign a staff account out.', 403, null, true)
    }
    const phoneTakenOff = await inTransaction(req, async () => {
      await revokeAllSessions(req.payload, user.id, req)
      await endCredentialGrants(req, user.id)
      // As a password change does: a phone an ended sign-in changed lately may be a thief's,
      // whose OTP sign-in would otherwise open the account again at once.
      return takeOffRecentPhone(req, user, { keptBy: undefined })
    })
    req.payload.logger.info({
      msg: 'Staff signed a user out everywhere',
      userId: user.id,
      by: req.user.id,
      phoneTakenOff: Boolean(phoneTakenOff),
    })
    return jsonResponse(req, {
      message: phoneTakenOff
        ? 'Every sign-in of this account has ended, and the phone number one of them added in the last 30 days was taken off.'
        : 'Every sign-in of this account has ended.',
    })
  },
}
