import { APIError, type PayloadRequest } from 'payload'

import { env } from '@/config/env'
import { maskPhone, queueOtpSms } from '@/notifications'

import { authClock, fromNow, HOUR, MINUTE } from './clock'
import { clientIp } from './requestInput'
import { keyedHash, sameHash, sixDigitCode } from './secrets'
import { enforceLimits } from './throttle'

const CODE_LIFETIME_MS = 5 * MINUTE
export const MAX_WRONG_TRIES = 5

const codeHash = (phone: string, code: string) => keyedHash(`otp:${phone}`, code)

const WRONG_CODE = 'The code is wrong or has expired. Request a new code and try again.'

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
      { key: `otp:resend:${phone}`, max: 1, windowMs: otp.resendCooldownSeconds * 1000 },
      { key: `otp:phone:${phone}`, max: otp.maxPerPhonePerHour, windowMs: HOUR },
    ],
    'Too many codes requested. Wait a little and try again.',
  )

  const now = authClock.now().toISOString()
  // Only the newest code counts: older unused ones die here.
  await req.payload.db.updateMany({
    collection: 'otp-challenges',
    where: { phone: { equals: phone }, consumedAt: { exists: false } },
    data: { consumedAt: now },
  })

  const code = sixDigitCode()
  await req.payload.db.create({
    collection: 'otp-challenges',
    data: {
      phone,
      codeHash: codeHash(phone, code),
      expiresAt: fromNow(CODE_LIFETIME_MS).toISOString(),
      attempts: 0,
    },
  })
  req.payload.logger.info({ msg: 'OTP issued', phone: maskPhone(phone) })
  await queueOtpSms(req, phone, code)
}

/**
 * Spends one try of the live code for `phone` and succeeds only if `code` matches; a code works
 * once. Counters are written without the request's transaction on purpose: a rollback of the
 * caller's later work must never give a guess back.
 */
export async function consumeCode(req: PayloadRequest, phone: string, code: unknown): Promise<void> {
  if (typeof code !== 'string' || !/^\d{6}$/.test(code.trim())) {
    throw new APIError('Enter the 6-digit code from the SMS.', 400, null, true)
  }
  const now = authClock.now().toISOString()
  const live = await req.payload.db.updateOne({
    collection: 'otp-challenges',
    where: {
      phone: { equals: phone },
      consumedAt: { exists: false },
      expiresAt: { greater_than: now },
      attempts: { less_than: MAX_WRONG_TRIES },
    },
    data: { attempts: { $inc: 1 } },
    options: { atomic: true },
  })
  if (!live || !sameHash(String(live.codeHash), codeHash(phone, code.trim()))) {
    req.payload.logger.info({ msg: 'OTP rejected', phone: maskPhone(phone) })
    throw new APIError(WRONG_CODE, 401, null, true)
  }

  const spent = await req.payload.db.updateOne({
    collection: 'otp-challenges',
    where: { id: { equals: live.id }, consumedAt: { exists: false } },
    data: { consumedAt: now },
    options: { atomic: true },
  })
  if (!spent) {
    throw new APIError(WRONG_CODE, 401, null, true)
  }
}
