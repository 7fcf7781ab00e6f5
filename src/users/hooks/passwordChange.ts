import type { CollectionAfterChangeHook, CollectionBeforeChangeHook, PayloadRequest } from 'payload'

import { noticeToHolder, type Holder } from '@/notifications'

import { endCredentialGrants } from '../auth/credentialGrants'
import { dropLinksOfEndedSignIns, ownSignIn } from '../auth/providerLinks'
import { takeOffRecentPhone } from '../auth/recentPhone'
import { revokeAllSessions } from '../auth/sessions'

const flagFor = (id: unknown) => `passwordChanged:${String(id)}`

/** Payload drops the password from `data` before afterChange, so note the change here. */
export const notePasswordChange: CollectionBeforeChangeHook = ({
  data,
  operation,
  originalDoc,
  req,
}) => {
  if (
    operation === 'update' &&
    typeof data?.password === 'string' &&
    data.password &&
    originalDoc
  ) {
    req.context[flagFor(originalDoc.id)] = true
  }
  return data
}

/**
 * A new password ends every sign-in, the one that changed it included, and what a stolen
 * sign-in could have set up (a pending e-mail change, a provider link made by another sign-in).
 */
export const revokeSessionsOnPasswordChange: CollectionAfterChangeHook = async ({
  doc,
  previousDoc,
  req,
}) => {
  if (req.context[flagFor(doc.id)]) {
    delete req.context[flagFor(doc.id)]
    const changedBy = await ownSignIn(req, doc.id)
    await revokeAllSessions(req.payload, doc.id, req)
    // An e-mail change asked for in this same request is the caller's own, not a leftover.
    if (doc.pendingEmail === previousDoc?.pendingEmail) {
      await endCredentialGrants(req, doc.id, changedBy)
    } else {
      await dropLinksOfEndedSignIns(req, doc.id, changedBy)
    }
    await noticePasswordChange(req, doc)
    req.payload.logger.info({ msg: 'Password changed: all sign-ins ended', userId: doc.id })
    // A phone another sign-in changed lately may be the one a stolen password put on.
    if (await takeOffRecentPhone(req, doc, { keptBy: changedBy })) {
      return { ...doc, phone: null, phoneVerified: false }
    }
  }
  return doc
}

/**
 * A password change is told to the holder (address, or a phone account's proven number), in
 * the change's transaction: whoever did not make it can take the account back by a reset,
 * which also ends what a stolen session set up.
 */
async function noticePasswordChange(
  req: PayloadRequest,
  doc: Holder & { firstName?: string | null; updatedAt?: string },
) {
  await noticeToHolder(req, doc, {
    key: `password_changed_notice:${doc.id}:${doc.updatedAt ?? Date.now()}`,
    template: 'password_changed_notice',
    params: { name: doc.firstName ?? '' },
  })
}
