import { APIError, type PayloadRequest } from 'payload'

import { env } from '@/config/env'
import { maskPhone, queueOtpSms } from '@/notifications'

import { authClock, fromNow, HOUR, MINUTE } from './clock'
import { clientIp } from './requestInput'
import { keyedHash, sameHash, sixDigitCode } from './secrets'
import { authState } from './state'
import { enforceLimits } from './throttle'

const CODE_LIFETIME_MS = 5 * MINUTE
export const MAX_WRONG_TRIES = 5

const codeHash = (phone: string, code: string) => keyedHash(`otp:${phone}`, code)

const verifyKey = (phone: string) => `otp:verify:${phone}`
const resendKey = (phone: string) => `otp:resend:${phone}`
const perPhoneKey = (phone: string) => `otp:phone:${phone}`

/** Every count kept under a phone number; an erased account's numbers take theirs along. */
export const phoneLimitKeys = (phone: string) => [
  verifyKey(phone),
  resendKey(phone),
  perPhoneKey(phone),
]

/**
 * Wrong guesses allowed per phone per hour, whatever code they were aimed at: without it, each
 * resend would bring 5 fresh tries. Every verify takes a slot up front (one atomic count, so a
 * parallel burst cannot overshoot) and a correct code gives its slot back.
 */
const failedVerifyBudget = (phone: string) => ({
  key: verifyKey(phone),
  max: env.otp.maxFailedVerifiesPerHour,
  windowMs: HOUR,
})

/**
 * Wrong guesses allowed per client (an IPv4 address or an IPv6 /64) per hour, over every phone:
 * without it one client could spend the budget of every phone number it knows, locking each
 * phone-only account out of its only way in, and spray guesses over every live code (review
 * round 41). Taken first, so a client past it spends no phone's budget.
 */
const clientVerifyBudget = (req: PayloadRequest) => ({
  key: `otp:verify:ip:${clientIp(req)}`,
  max: env.otp.maxFailedVerifiesPerClientPerHour,
  windowMs: HOUR,
})

const WRONG_CODE =
  'The code is wrong or has expired. Check it and try again, or request a new code.'
const TOO_MANY_WRONG = 'Too many wrong codes for this number. Wait a while and try again.'
const TOO_MANY_WRONG_FROM_CLIENT =
  'Too many wrong codes from this network. Wait a while and try again.'

/**
 * Sends a fresh code to `phone`. Limits apply before anything is sent; the caller answers 202
 * whatever happens next, so nobody learns from the answer whether the phone has an account.
 */
export async function sendCode(req: PayloadRequest, phone: string): Promise<void> {
  const { otp } = env
  await enforceLimits(
    req,
    [
      { key: `otp:ip:${clientIp(req)}`, max: otp.maxPerIpPerHour, windowMs: HOUR },
      { key: resendKey(phone), max: 1, windowMs: otp.resendCooldownSeconds * 1000 },
      { key: perPhoneKey(phone), max: otp.maxPerPhonePerHour, windowMs: HOUR },
    ],
    'Too many codes requested. Wait a little and try again.',
  )

  const code = sixDigitCode()
  const now = authClock.now()
  await authState(req.payload, req).saveCode(
    phone,
    codeHash(phone, code),
    fromNow(CODE_LIFETIME_MS),
    now,
  )
  req.payload.logger.info({ msg: 'OTP issued', phone: maskPhone(phone) })
  await queueOtpSms(req, phone, code)
}

/** Spends one try of the live code for `phone` and succeeds only if `code` matches, once. */
export async function consumeCode(
  req: PayloadRequest,
  phone: string,
  code: unknown,
): Promise<void> {
  if (typeof code !== 'string' || !/^\d{6}$/.test(code.trim())) {
    throw new APIError('Enter the 6-digit code from the SMS.', 400, null, true)
  }
  const clientBudget = clientVerifyBudget(req)
  try {
    await enforceLimits(req, [clientBudget], TOO_MANY_WRONG_FROM_CLIENT)
  } catch (err) {
    req.payload.logger.warn({ msg: 'OTP verify budget of a client spent' })
    throw err
  }
  const budget = failedVerifyBudget(phone)
  try {
    await enforceLimits(req, [budget], TOO_MANY_WRONG)
  } catch (err) {
    req.payload.logger.warn({ msg: 'OTP verify budget spent', phone: maskPhone(phone) })
    throw err
  }

  const store = authState(req.payload, req)
  const now = authClock.now()
  const live = await store.spendTry(phone, MAX_WRONG_TRIES, now)
  if (!live || !sameHash(live.codeHash, codeHash(phone, code.trim()))) {
    req.payload.logger.info({ msg: 'OTP rejected', phone: maskPhone(phone) })
    throw new APIError(WRONG_CODE, 401, null, true)
  }
  if (!(await store.consume(phone, live.id, now))) {
    throw new APIError(WRONG_CODE, 401, null, true)
  }
  await store.release(budget, authClock.now())
  await store.release(clientBudget, authClock.now())
}
