import type { Payload, TaskConfig } from 'payload'

import { queryRows, sql } from '@/shared/sql'

import { authClock, DAY } from '../clock'
import { REFRESH_TOKEN_LIFETIME_MS } from '../refreshTokens'

export const PURGE_SPENT_SIGN_IN_STATE = 'purgeSpentSignInState'

/**
 * Longer than any limit's window (the longest, a provider ID token's, is a day and a minute): a
 * count whose window has ended is reset by the next hit anyway, so deleting it changes nothing.
 */
const THROTTLE_KEPT_MS = 7 * DAY
/** An expired or spent code verifies nothing; a day is kept to read an incident by. */
const CODE_KEPT_MS = DAY
/**
 * An expired refresh token refreshes nothing. It is kept as long again, so a stolen one shown
 * late is still recognised as a spent token of its sign-in rather than an unknown one.
 */
const REFRESH_TOKEN_KEPT_MS = REFRESH_TOKEN_LIFETIME_MS

/** Rows per delete: one statement never holds a large table's locks for long. */
const PAGE = 5_000

type Purged = { throttles: number; codes: number; refreshTokens: number }

async function deleteInPages(
  payload: Payload,
  table: 'auth_throttles' | 'otp_challenges' | 'refresh_tokens',
  stale: ReturnType<typeof sql>,
): Promise<number> {
  const req = { payload, transactionID: undefined }
  let total = 0
  for (;;) {
    const rows = await queryRows<{ id: number }>(
      req,
      // The test is repeated on the deleted row itself: a row a sign-in attempt refreshed
      // while this waited for its lock is re-checked, and kept.
      sql`delete from ${sql.identifier(table)} where id in (
            select id from ${sql.identifier(table)} where ${stale} limit ${PAGE})
            and (${stale})
          returning id`,
    )
    total += rows.length
    if (rows.length < PAGE) {
      return total
    }
  }
}

/**
 * Deletes sign-in state that can no longer matter: limit counts whose window ended long ago
 * (without Redis every OTP request, sign-in failure and provider sign-in adds one), codes that
 * expired or were spent, and refresh tokens long expired. Without it these tables only grow.
 */
export async function purgeSpentSignInState(payload: Payload, now = authClock.now()) {
  const before = (ms: number) => new Date(now.getTime() - ms).toISOString()
  const purged: Purged = {
    throttles: await deleteInPages(
      payload,
      'auth_throttles',
      sql`window_start < ${before(THROTTLE_KEPT_MS)}`,
    ),
    codes: await deleteInPages(
      payload,
      'otp_challenges',
      sql`expires_at < ${before(CODE_KEPT_MS)}
          or (consumed_at is not null and consumed_at < ${before(CODE_KEPT_MS)})`,
    ),
    refreshTokens: await deleteInPages(
      payload,
      'refresh_tokens',
      sql`expires_at < ${before(REFRESH_TOKEN_KEPT_MS)}`,
    ),
  }
  payload.logger.info({ msg: 'Spent sign-in state purged', ...purged })
  return purged
}

/** Queued once a day by its schedule; a failed run is simply done again by the next. */
export const purgeSpentSignInStateTask: TaskConfig<'purgeSpentSignInState'> = {
  slug: PURGE_SPENT_SIGN_IN_STATE,
  label: 'Purge spent sign-in state',
  outputSchema: [
    { name: 'throttles', type: 'number', required: true },
    { name: 'codes', type: 'number', required: true },
    { name: 'refreshTokens', type: 'number', required: true },
  ],
  handler: async ({ req }) => ({ output: await purgeSpentSignInState(req.payload) }),
}
