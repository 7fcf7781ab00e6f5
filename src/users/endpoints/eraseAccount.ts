import { APIError, type Endpoint } from 'payload'

import { hasRole, type AuthUser } from '@/access/roles'
import { lockBookingsOf } from '@/bookings'
import { inTransaction } from '@/db/transaction'

import { lockAccountAndRead } from '../auth/accountLock'
import { proveAccountHolder } from '../auth/holderProof'
import { readBody, requireString } from '../auth/requestInput'
import { jsonResponse } from '../auth/respond'
import { loadAuthUser } from '../auth/sessions'
import { refuseEndedSignIn } from '../hooks/refuseWritesFromEndedSignIn'
import { eraseAccount } from '../privacy/eraseAccount'
import { removeErasureLeftovers } from '../privacy/erasureLeftovers'
import { refuseWhileStillNeeded } from '../privacy/erasureGuards'
import { SIGN_IN_FIRST } from '@/access/anonymousIsUnauthorized'
import { isRowId } from '@/access/inputSafety'

/**
 * POST /api/users/me/erase {password | code}: a trekker erases their own account.
 * POST /api/users/:id/erase {reason}: super_admin or cs erases a trekker's account on request.
 * Staff accounts are not erased this way: they are closed by a super admin in the admin.
 */
export const eraseAccountEndpoint: Endpoint = {
  path: '/:id/erase',
  method: 'post',
  handler: async (req) => {
    const caller = req.user as AuthUser
    if (!caller) {
      throw new APIError(SIGN_IN_FIRST, 401, null, true)
    }
    const param = String(req.routeParams?.id ?? '')
    const self = param === 'me' || param === String(caller.id)
    if (!self && !hasRole(caller, 'super_admin', 'cs')) {
      throw new APIError(
        'Only super admins and customer support can erase another account.',
        403,
        null,
        true,
      )
    }
    const account =
      (/^\d+$/.test(param) && isRowId(param)) || param === 'me'
        ? await loadAuthUser(req.payload, self ? caller.id : param)
        : null
    if (!account || account.erasedAt) {
      throw new APIError('No such account.', 404, null, true)
    }
    if (account.staffRole) {
      throw new APIError(
        'Staff accounts are not erased here; a super admin closes them.',
        403,
        null,
        true,
      )
    }

    const body = await readBody(req)
    let reason: string | undefined
    if (self) {
      await proveAccountHolder(req, account, body, {
        what: 'the erasure',
        limitKey: 'erase',
        fields: { password: 'password', code: 'code' },
      })
    } else {
      reason = requireString(body, 'reason', 500)
    }

    const userId = Number(account.id)
    const leftovers = await inTransaction(req, async () => {
      // The trekker's batches and bookings before the account, the order a cancellation
      // takes them in (it locks the account last, for the points it takes back): the two
      // queue one behind the other instead of deadlocking.
      await lockBookingsOf(req, userId)
      // The row lock makes two erasures (or an erasure and a sign-up race) run one at a time.
      const row = await lockAccountAndRead<{
        erased_at: unknown
        hash: unknown
        salt: unknown
        phone: unknown
      }>(req, userId, ['erased_at', 'hash', 'salt', 'phone'])
      if (!row || row.erased_at) {
        throw new APIError('No such account.', 404, null, true)
      }
      if (self) {
        // The holder was confirmed before the lock: a password change, phone change or
        // sign-out that committed meanwhile voids that confirmation.
        await refuseEndedSignIn(req, userId, (caller as { _sid?: string })._sid)
        if (
          row.hash !== account.hash ||
          row.salt !== account.salt ||
          (row.phone ?? null) !== (account.phone ?? null)
        ) {
          throw new APIError('Your sign-in has ended. Sign in again.', 401, null, true)
        }
      }
      await refuseWhileStillNeeded(req, userId)
      return eraseAccount(req, userId)
    })
    await removeErasureLeftovers(req.payload, leftovers)
    // Support's reason is free text (who asked, how, often why: a diagnosis, a number): the
    // erasure's request is its record, and the log only says that one was given.
    req.payload.logger.info({
      msg: 'Account erased',
      userId,
      by: caller.id,
      self,
      reasonLength: reason?.length,
    })
    return jsonResponse(req, {
      message:
        'The account is erased. Bookings and payments are kept without personal details for accounting.',
    })
  },
}
