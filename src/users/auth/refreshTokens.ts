import { randomUUID } from 'node:crypto'

import type { Payload, PayloadRequest } from 'payload'

import { authClock, DAY, fromNow } from './clock'
import { keyedHash, randomToken } from './secrets'

export const REFRESH_TOKEN_LIFETIME_MS = 30 * DAY

export type RefreshRow = {
  id: number | string
  user: number | string | { id: number | string }
  family: string
  sid: string
  credentialStamp: string
  usedAt?: string | null
  revokedAt?: string | null
}

export const hashRefreshToken = (token: string) => keyedHash('refresh', token)

/** Changes whenever the password changes: Payload draws a new salt for every new password. */
export const credentialStampOf = (user: Record<string, unknown>) =>
  keyedHash('credential', String(user.salt ?? ''))

export const userIdOf = (row: RefreshRow) => (typeof row.user === 'object' ? row.user.id : row.user)

export async function issueRefreshToken(
  req: PayloadRequest,
  args: { userId: number | string; sid: string; credentialStamp: string; family?: string },
): Promise<string> {
  const token = randomToken()
  await req.payload.db.create({
    collection: 'refresh-tokens',
    data: {
      user: args.userId,
      family: args.family ?? randomUUID(),
      tokenHash: hashRefreshToken(token),
      sid: args.sid,
      credentialStamp: args.credentialStamp,
      expiresAt: fromNow(REFRESH_TOKEN_LIFETIME_MS).toISOString(),
    },
    req,
  })
  return token
}

/**
 * Spends a refresh token in one statement: of two concurrent presentations exactly one wins.
 * Deliberately outside any transaction, so a failure later cannot un-spend it.
 */
export async function spendRefreshToken(
  payload: Payload,
  token: string,
): Promise<RefreshRow | null> {
  const now = authClock.now().toISOString()
  return (await payload.db.updateOne({
    collection: 'refresh-tokens',
    where: {
      tokenHash: { equals: hashRefreshToken(token) },
      usedAt: { exists: false },
      revokedAt: { exists: false },
      expiresAt: { greater_than: now },
    },
    data: { usedAt: now },
    options: { atomic: true },
  })) as RefreshRow | null
}

export async function findRefreshToken(
  payload: Payload,
  token: string,
): Promise<RefreshRow | null> {
  return (await payload.db.findOne({
    collection: 'refresh-tokens',
    where: { tokenHash: { equals: hashRefreshToken(token) } },
  })) as RefreshRow | null
}
