import type { CollectionAfterOperationHook, CollectionBeforeOperationHook } from 'payload'

import { queuePasswordResetMail } from '@/notifications'

import { env } from '@/config/env'

import { HOUR } from '../auth/clock'
import { clientIp } from '../auth/requestInput'
import { enforceLimits } from '../auth/throttle'

/** How long Payload keeps a reset token valid (its default, which we do not change). */
const RESET_VALID_MS = HOUR

/** Reset mails one address may be sent per hour. */
const RESETS_PER_ADDRESS_PER_HOUR = 3

/** The count of reset requests for an address (known or not); an erasure removes its own. */
export const resetLimitKey = (address: string) => `reset:email:${address.toLowerCase().trim()}`

function addressOf(args: unknown): string {
  const email = (args as { data?: { email?: unknown } }).data?.email
  return typeof email === 'string' ? email.toLowerCase().trim() : ''
}

/**
 * Payload would send the reset mail itself, inside the request: a mail provider that is down
 * made forgot-password a 500. Its own "one request per 15 s" guard also writes outside the
 * request's transaction, which waits forever on the embedded database (one transaction at a
 * time). So Payload's mail is switched off here, which also skips that guard, and the mail
 * goes out as a retried job (queuePasswordReset). The limit is counted per address given,
 * whether or not it has an account, so a 429 reveals nothing either.
 */
export const sendResetMailAsJob: CollectionBeforeOperationHook = async ({
  args,
  operation,
  req,
}) => {
  if (operation !== 'forgotPassword') {
    return args
  }
  const address = addressOf(args)
  if (address) {
    // Per client first, over every address: one client naming the addresses it knows used up
    // each one's three, so their holders' own requests were 429 for the hour, and mailed
    // them without end (review round 43). A client past it spends no address's count.
    await enforceLimits(
      req,
      [
        {
          key: `reset:ip:${clientIp(req)}`,
          max: env.passwordReset.maxPerClientPerHour,
          windowMs: HOUR,
        },
      ],
      'Too many password reset requests from this network. Try again later.',
    )
    await enforceLimits(
      req,
      [{ key: resetLimitKey(address), max: RESETS_PER_ADDRESS_PER_HOUR, windowMs: HOUR }],
      'Too many password reset requests for this address. Try again later.',
    )
  }
  return { ...args, disableEmail: true }
}

/** Payload has set a token when the address has an account; its mail is queued with `req`. */
export const queuePasswordReset: CollectionAfterOperationHook = async ({
  args,
  operation,
  req,
  result,
}) => {
  if (operation !== 'forgotPassword' || typeof result !== 'string') {
    return result
  }
  const user = await req.payload.db.findOne<{
    id: number
    email?: string | null
    firstName?: string | null
  }>({ collection: 'users', where: { email: { equals: addressOf(args) } }, req })
  if (!user?.email) {
    return result
  }
  const { config } = req.payload
  await queuePasswordResetMail(req, user.id, {
    to: user.email,
    name: user.firstName ?? '',
    link: `${config.serverURL}${config.routes.admin}${config.admin.routes.reset}/${result}`,
    validMinutes: String(RESET_VALID_MS / 60_000),
  })
  return result
}
