import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto'

import { env } from '@/config/env'

/**
 * Codes and refresh tokens are stored only as keyed hashes: a leaked table gives nothing
 * that can be replayed, and without PAYLOAD_SECRET nothing that can be brute-forced offline.
 */
export function keyedHash(purpose: string, value: string): string {
  return createHmac('sha256', env.payloadSecret).update(`${purpose}:${value}`).digest('hex')
}

export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex')
  const right = Buffer.from(b, 'hex')
  return left.length === right.length && timingSafeEqual(left, right)
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url')
}

/** Six digits from the CSPRNG, leading zeros kept. */
export function sixDigitCode(): string {
  return randomInt(0, 1_000_000).toString().padStart(6, '0')
}
