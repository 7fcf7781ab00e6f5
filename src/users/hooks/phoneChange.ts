import type { CollectionAfterChangeHook } from 'payload'

import { endCredentialGrants } from '../auth/credentialGrants'
import { ownSignIn } from '../auth/providerLinks'
import { noticePhoneChange } from '../auth/phoneChangeNotice'
import { stampPhoneChange } from '../auth/recentPhone'
import { revokeOtherSessions } from '../auth/sessions'

/**
 * A proven phone is an OTP account's credential, and numbers get recycled: when it changes
 * (through `phone/change` or a staff edit), whoever signed in with the old number is signed
 * out, and the provider links and pending e-mail change other sign-ins set up end too. The
 * caller's own sign-in (and the links it made) stay when it is the account's.
 */
export const revokeSessionsOnPhoneChange: CollectionAfterChangeHook = async ({
  doc,
  operation,
  previousDoc,
  req,
}) => {
  if (
    operation !== 'update' ||
    !previousDoc ||
    (previousDoc.phone ?? null) === (doc.phone ?? null)
  ) {
    return doc
  }
  const oldProvenPhone = previousDoc.phoneVerified ? (previousDoc.phone ?? null) : null
  // Every change of the sign-in phone is told, a first one too (a super admin's included).
  await noticePhoneChange(req, doc, oldProvenPhone)
  await stampPhoneChange(req, doc.id)
  if (!oldProvenPhone) {
    return doc
  }
  const me = req.user as { id?: number | string; _sid?: string } | null
  const keepSid = me && String(me.id) === String(doc.id) ? me._sid : undefined
  const changedBy = keepSid ? await ownSignIn(req, doc.id) : undefined
  await revokeOtherSessions(req.payload, doc.id, keepSid, req)
  // What the ended sign-ins set up ends with them: the old number's new holder is out.
  await endCredentialGrants(req, doc.id, changedBy)
  req.payload.logger.info({ msg: 'Phone changed: other sign-ins ended', userId: doc.id })
  return doc
}
