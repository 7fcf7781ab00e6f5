import { randomUUID } from 'node:crypto'

import type { PayloadRequest } from 'payload'

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
 * Runs in the rotation's transaction, after the account's row lock (see lockAccount), so a
 * sign-out that revoked the token before the lock was granted is seen here.
 */
export async function spendRefreshToken(
  req: PayloadRequest,
  token: string,
): Promise<RefreshRow | null> {
  const now = authClock.now().toISOString()
  return (await req.payload.db.updateOne({
    collection: 'refresh-tokens',
    where: {
      tokenHash: { equals: hashRefreshToken(token) },
      usedAt: { exists: false },
      revokedAt: { exists: false },
      expiresAt: { greater_than: now },
    },
    data: { usedAt: now },
    options: { atomic: true },
    req,
  })) as RefreshRow | null
}

export async function findRefreshToken(
  req: PayloadRequest,
  token: string,
): Promise<RefreshRow | null> {
  return (await req.payload.db.findOne({
    collection: 'refresh-tokens',
    where: { tokenHash: { equals: hashRefreshToken(token) } },
    req,
  })) as RefreshRow | null
}
