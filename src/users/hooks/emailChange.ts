import {
  APIError,
  ValidationError,
  type CollectionAfterChangeHook,
  type CollectionBeforeChangeHook,
} from 'payload'

import { env } from '@/config/env'
import {
  enqueueDelivery,
  maskRecipient,
  noticeToHolder,
  queueEmailConfirmation,
} from '@/notifications'

import { HOUR } from '../auth/clock'
import { EMAIL_CHANGE_LIFETIME_HOURS, issueEmailChange } from '../auth/emailChange'
import { enforceLimits } from '../auth/throttle'
import { MAX_EMAIL_LENGTH } from '../validation/emailAddress'
import { heldForUndo } from '../auth/emailUndoLink'

/** Change requests per account per hour: each one mails two inboxes. */
const MAX_CHANGE_REQUESTS_PER_HOUR = 5

const requestedFor = (id: unknown) => `emailChangeRequested:${String(id)}`

const looksLikeEmail = (value: string) =>
  value.length <= MAX_EMAIL_LENGTH && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)

/**
 * An e-mail signs in and receives password resets, so nobody's own change takes effect on
 * their word: the account keeps its address, the new one waits in `pendingEmail`, and a link
 * mailed to it (sendEmailChangeMails) completes the change (POST /api/users/email/confirm).
 * A super admin's edit of someone else's account applies at once (keepCredentialsWithTheirOwner
 * keeps everyone else off other people's e-mail); server code writes without a user.
 */
export const holdOwnEmailChange: CollectionBeforeChangeHook = async ({
  data,
  operation,
  originalDoc,
  req,
}) => {
  const user = req.user as { id?: number | string } | null
  if (
    operation !== 'update' ||
    !originalDoc ||
    !user ||
    String(user.id) !== String(originalDoc.id) ||
    data.email === undefined
  ) {
    return data
  }
  const current = (originalDoc.email as string | null | undefined) ?? null
  const next = typeof data.email === 'string' ? data.email.trim().toLowerCase() : ''
  if (next === (current ?? '')) {
    data.email = current
    return data
  }
  if (next === '') {
    throw new APIError(
      'Your e-mail address cannot be removed; send a new address to change it.',
      400,
      null,
      true,
    )
  }
  if (!looksLikeEmail(next)) {
    throw new ValidationError({
      collection: 'users',
      errors: [{ path: 'email', message: 'Enter a valid e-mail address.' }],
      req,
    })
  }
  // As at sign-up: an address another account's undo link may put back is not free (round 18).
  if (await heldForUndo(req, next, originalDoc.id)) {
    throw new ValidationError({
      collection: 'users',
      errors: [{ path: 'email', message: req.t('error:userEmailAlreadyRegistered') }],
      req,
    })
  }
  await enforceLimits(
    req,
    [{ key: `email-change:${originalDoc.id}`, max: MAX_CHANGE_REQUESTS_PER_HOUR, windowMs: HOUR }],
    'Too many e-mail changes requested. Wait a while and try again.',
  )
  data.email = current
  data.pendingEmail = next
  req.context[requestedFor(originalDoc.id)] = next
  return data
}

/** Keys the notice to the address being left, so an erasure can find it by the change. */
export const EMAIL_CHANGE_NOTICE_KEY = 'email_change_notice:'

/**
 * Mails the confirmation link to the new address and a notice to the old one (by SMS to the
 * proven phone of an account without one), in the transaction that stored the request: a
 * change that rolls back sends nothing.
 */
export const sendEmailChangeMails: CollectionAfterChangeHook = async ({
  doc,
  previousDoc,
  req,
}) => {
  const requested = req.context[requestedFor(doc.id)]
  if (typeof requested !== 'string') {
    return doc
  }
  delete req.context[requestedFor(doc.id)]

  const change = await issueEmailChange(req, doc.id, requested)
  const name = (doc.firstName as string | null | undefined) ?? ''
  const link = new URL(env.emailConfirmUrl)
  link.searchParams.set('token', change.token)
  await queueEmailConfirmation(req, doc.id, {
    to: requested,
    name,
    link: link.toString(),
    validHours: String(EMAIL_CHANGE_LIFETIME_HOURS),
  })
  const oldAddress = (previousDoc?.email as string | null | undefined) ?? null
  if (oldAddress) {
    await enqueueDelivery(req, {
      key: `${EMAIL_CHANGE_NOTICE_KEY}${change.id}`,
      channel: 'email',
      template: 'email_change_notice',
      to: oldAddress,
      params: { name, newEmail: maskRecipient(requested) },
    })
  } else {
    // An account without an address (made by OTP) hears at its proven phone: whoever has its
    // password could otherwise take its resets without a word (review round 17).
    await noticeToHolder(
      req,
      { id: doc.id, phone: previousDoc?.phone, phoneVerified: previousDoc?.phoneVerified },
      {
        key: `${EMAIL_CHANGE_NOTICE_KEY}${change.id}`,
        template: 'email_change_notice',
        params: { newEmail: maskRecipient(requested) },
      },
    )
  }
  req.payload.logger.info({ msg: 'E-mail change requested', userId: doc.id })
  return doc
}
