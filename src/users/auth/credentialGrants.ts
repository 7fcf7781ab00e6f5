import type { PayloadRequest } from 'payload'

import { cancelPendingEmailChange } from './emailChange'

/**
 * What any signed-in session can set up for later without a password: an e-mail change
 * waiting for its link, and a linked Google or Apple account. When every sign-in is ended
 * (a password change or reset, a staff sign-out), a stolen session's grants end too. The
 * owner's own Google or Apple account links itself again at their next sign-in with it,
 * through the verified e-mail.
 */
export async function endCredentialGrants(req: PayloadRequest, userId: number | string) {
  await cancelPendingEmailChange(req, userId)
  await req.payload.db.updateOne({
    collection: 'users',
    id: userId,
    data: { googleSub: null, appleSub: null },
    req,
    returning: false,
  })
}
