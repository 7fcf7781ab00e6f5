import type { PayloadRequest } from 'payload'

import { cancelPendingEmailChange } from './emailChange'

/**
 * What any signed-in session can set up for later without a password: an e-mail change
 * waiting for its link. When every sign-in is ended (a password change or reset, a staff
 * sign-out), a stolen session's pending change ends too. Linked Google or Apple accounts are
 * kept: clearing them split accounts whose provider address differs from the OBS one and
 * locked out Apple relay accounts (round 11).
 */
export async function endCredentialGrants(req: PayloadRequest, userId: number | string) {
  await cancelPendingEmailChange(req, userId)
}
