import type { PayloadRequest } from 'payload'

import { lockRow, lockRowAndRead, queryRows, sql } from '@/shared/sql'

import type { ProviderIdentity } from './identity'

/**
 * Holds the account's row until the request's transaction ends. Every flow that spends,
 * files or revokes refresh tokens, or ends sessions, takes this lock first (before any
 * refresh-token row), so a refresh rotation and a sign-out of the same account run one after
 * the other: a rotation that comes second finds its token revoked, and a sign-out that comes
 * second sees, and ends, the session and token the rotation made.
 */
export async function lockAccount(req: PayloadRequest, userId: number | string) {
  refuseOutsideTransaction(req)
  await lockRow(req, 'users', Number(userId))
}

/** The same lock, reading some of the account's columns in the same statement. */
export async function lockAccountAndRead<T>(
  req: PayloadRequest,
  userId: number | string,
  columns: readonly string[],
): Promise<T | undefined> {
  refuseOutsideTransaction(req)
  return lockRowAndRead<T>(req, 'users', Number(userId), columns)
}

/**
 * Holds one Google or Apple account (provider and sub) until the request's transaction ends.
 * Sign-ins and links of the same provider account (a double tap on the first sign-in, an app
 * retry, a link racing a sign-in) run one after the other: the second finds the account the
 * first created or linked, instead of creating a second one that the unique index refuses.
 * Taken before any row lock, and one per transaction, so it cannot close a cycle with them.
 */
export async function lockProviderAccount(req: PayloadRequest, identity: ProviderIdentity) {
  refuseOutsideTransaction(req)
  const key = `${identity.provider}:${identity.sub}`
  await queryRows(req, sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`)
}

function refuseOutsideTransaction(req: PayloadRequest) {
  // Outside a transaction the lock would end with its own statement and order nothing.
  if (!req.transactionID) {
    throw new Error('The account lock was requested outside a database transaction')
  }
}
