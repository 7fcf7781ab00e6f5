import type { PayloadRequest } from 'payload'

import { spendWaitingEmailChanges } from './emailChange'
import { dropLinksOfEndedSignIns } from './providerLinks'

/**
 * What a signed-in session can set up for later without a password: an e-mail change waiting
 * for its link, and a linked Google or Apple account. When every sign-in is ended (a password
 * change or reset, a staff sign-out), what a stolen session set up ends too. `keepSignIn` is
 * the sign-in that made the change: the links and the e-mail change it made are the owner's
 * own.
 */
export async function endCredentialGrants(
  req: PayloadRequest,
  userId: number | string,
  keepSignIn?: string,
) {
  // A change a stolen session asked for must not hand the account over later: its links are
  // spent, and the pending address goes in the same write as the dropped provider links. The
  // staying sign-in's own change waits on.
  const keptChange = await spendWaitingEmailChanges(req, userId, keepSignIn)
  await dropLinksOfEndedSignIns(req, userId, keepSignIn, keptChange ? {} : { pendingEmail: null })
}
