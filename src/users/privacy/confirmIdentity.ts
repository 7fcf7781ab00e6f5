import { pbkdf2, timingSafeEqual } from 'node:crypto'
import { promisify } from 'node:util'

import { APIError, type PayloadRequest } from 'payload'

import { HOUR } from '../auth/clock'
import { consumeCode } from '../auth/otp'
import { enforceLimits } from '../auth/throttle'

const derive = promisify(pbkdf2)

/** Payload's stored password formats: the current prefixed one and the older plain hex. */
const CURRENT_PREFIX = 'pbkdf2-sha256-v1:'

async function passwordMatches(password: string, salt: unknown, hash: unknown) {
  if (typeof salt !== 'string' || typeof hash !== 'string' || salt === '' || hash === '') {
    return false
  }
  const current = hash.startsWith(CURRENT_PREFIX)
  const stored = Buffer.from(current ? hash.slice(CURRENT_PREFIX.length) : hash, 'hex')
  const derived = await derive(
    password,
    salt,
    current ? 600_000 : 25_000,
    current ? 32 : 512,
    'sha256',
  )
  return derived.length === stored.length && timingSafeEqual(derived, stored)
}

type Account = { id: number; phone?: unknown; salt?: unknown; hash?: unknown }

/**
 * Erasure cannot be undone, so a stolen access token alone must not do it: the holder proves
 * the account again with its password, or with a fresh code sent to its phone
 * (POST /api/users/otp/request). Five tries an hour, then 429.
 */
export async function confirmAccountHolder(
  req: PayloadRequest,
  account: Account,
  body: Record<string, unknown>,
) {
  await enforceLimits(
    req,
    [{ key: `erase:${account.id}`, max: 5, windowMs: HOUR }],
    'Too many attempts to confirm this erasure. Wait an hour and try again.',
  )
  if (typeof body.password === 'string' && body.password !== '') {
    if (!(await passwordMatches(body.password, account.salt, account.hash))) {
      throw new APIError('The password is wrong.', 401, null, true)
    }
    return
  }
  if (body.code !== undefined) {
    if (typeof account.phone !== 'string' || account.phone === '') {
      throw new APIError(
        'This account has no phone to send a code to; use your password.',
        400,
        null,
        true,
      )
    }
    await consumeCode(req, account.phone, body.code)
    return
  }
  throw new APIError(
    'Confirm the erasure with your password, or with a code sent to your phone (POST /api/users/otp/request), as "password" or "code".',
    400,
    null,
    true,
  )
}
