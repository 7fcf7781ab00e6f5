import type { PayloadRequest } from 'payload'

import { lockRow, lockRowAndRead } from '@/shared/sql'

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

function refuseOutsideTransaction(req: PayloadRequest) {
  // Outside a transaction the lock would end with its own statement and order nothing.
  if (!req.transactionID) {
    throw new Error('The account lock was requested outside a database transaction')
  }
}
