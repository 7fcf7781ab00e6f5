import { randomBytes } from 'node:crypto'

import type { PayloadRequest } from 'payload'

import type { AccountRow } from './accounts'
import { endCredentialGrants } from './credentialGrants'
import { takeOffRecentPhone } from './recentPhone'
import { revokeAllSessions } from './sessions'

/**
 * Google or Apple signing in to an existing account by its verified address (no session proved
 * the account) hands it to whoever holds the inbox. Anyone may open an account with someone
 * else's address and a password of their choosing; one click on the verification mail by the
 * address's owner then makes it `_verified` with that password. Nothing the server sees tells
 * that apart from a sign-up the owner made: not the order of events, nor a password sign-in
 * after the verification (whoever chose the password can keep trying it and gets in the moment
 * the address is verified). The one thing the password's chooser cannot do is prove the inbox.
 *
 * So a provider link by address is taken as the inbox's proof, as a reset by the mailed link
 * is, and what only the password's holder could have set up ends as after a reset: the
 * password (a fresh random one nobody knows takes its place), every sign-in and what they set
 * up (an e-mail change waiting for its link, providers linked from those sessions) and a phone
 * changed in the last 30 days. The owner sets a password with forgot-password. A member who
 * wants to keep their password links Google or Apple from a signed-in session instead
 * (`POST /api/users/{google,apple}/link`, proved by that password), which ends nothing.
 *
 * Staff accounts are left alone: they are made by a super admin, never by an open sign-up, and
 * their password is how they reach the admin.
 */
export async function endWhatTheInboxNeverProved(req: PayloadRequest, account: AccountRow) {
  if (account.staffRole) {
    return
  }
  await revokeAllSessions(req.payload, account.id, req)
  await endCredentialGrants(req, account.id)
  await takeOffRecentPhone(req, account, { reset: true })
  // A new salt also changes the credential stamp that refresh tokens were issued under. The
  // random hash matches no password in either of Payload's stored formats.
  await req.payload.db.updateOne({
    collection: 'users',
    id: account.id,
    data: {
      salt: randomBytes(32).toString('hex'),
      hash: randomBytes(512).toString('hex'),
      loginAttempts: 0,
      lockUntil: null,
      updatedAt: null,
    },
    req,
    returning: false,
  })
  req.payload.logger.info({
    msg: 'Password and sign-ins ended by a provider link by verified e-mail',
    userId: account.id,
  })
}
