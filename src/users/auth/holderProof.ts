import { pbkdf2, timingSafeEqual } from 'node:crypto'
import { promisify } from 'node:util'

import { APIError, type PayloadRequest } from 'payload'

import { authClock, HOUR } from './clock'
import { consumeCode } from './otp'
import { authState } from './state'
import { enforceLimits } from './throttle'

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

export type HolderAccount = {
  id: number | string
  phone?: unknown
  phoneVerified?: unknown
  salt?: unknown
  hash?: unknown
}

type ProofRequest = {
  /** What is being confirmed, for the messages: "this erasure", "this change". */
  what: string
  /** Throttle key: five tries an hour per account and purpose. */
  limitKey: string
  /** The body's names for the password and the code. */
  fields: { password: string; code: string }
}

const present = (value: unknown) => value !== undefined && value !== null && value !== ''

/**
 * What a stolen access token alone must not do (erase the account, change how it signs in)
 * needs the holder to prove the account again: its password, or a fresh code sent to its
 * proven phone (POST /api/users/otp/request). Five failed tries an hour, then 429.
 */
export async function proveAccountHolder(
  req: PayloadRequest,
  account: HolderAccount,
  body: Record<string, unknown>,
  { what, limitKey, fields }: ProofRequest,
) {
  const password = body[fields.password]
  const code = body[fields.code]
  if (!present(password) && !present(code)) {
    throw new APIError(
      `Confirm ${what} with your current password, or with a code sent to your phone (POST /api/users/otp/request), as "${fields.password}" or "${fields.code}".`,
      400,
      null,
      true,
    )
  }
  const tries = { key: `${limitKey}:${account.id}`, max: 5, windowMs: HOUR }
  await enforceLimits(
    req,
    [tries],
    `Too many attempts to confirm ${what}. Wait an hour and try again.`,
  )
  await checkProof(req, account, password, code, fields)
  // Only failures spend the budget: a holder changing details often is not guessing.
  await authState(req.payload, req).release(tries, authClock.now())
}

async function checkProof(
  req: PayloadRequest,
  account: HolderAccount,
  password: unknown,
  code: unknown,
  fields: ProofRequest['fields'],
) {
  if (present(password)) {
    if (
      typeof password !== 'string' ||
      !(await passwordMatches(password, account.salt, account.hash))
    ) {
      throw new APIError(
        fields.password === 'password'
          ? 'The password is wrong.'
          : 'The current password is wrong.',
        401,
        null,
        true,
      )
    }
    return
  }
  if (
    typeof account.phone !== 'string' ||
    account.phone === '' ||
    account.phoneVerified === false
  ) {
    throw new APIError(
      `This account has no proven phone to send a code to; use your password ("${fields.password}").`,
      400,
      null,
      true,
    )
  }
  await consumeCode(req, account.phone, code)
}

/** The body's names for a credential change's proof: virtual fields on users, never stored. */
export const CURRENT_PASSWORD = 'currentPassword'
export const CURRENT_CODE = 'currentCode'

/**
 * The proof for changing how an account signs in: a new password or e-mail, a new phone, a
 * Google or Apple link. One budget of tries for all of them, so a thief cannot spend five on
 * each way in.
 */
export function proveCredentialChange(
  req: PayloadRequest,
  account: HolderAccount,
  body: Record<string, unknown>,
  what: string,
) {
  return proveAccountHolder(req, account, body, {
    what,
    limitKey: 'credential-change',
    fields: { password: CURRENT_PASSWORD, code: CURRENT_CODE },
  })
}
