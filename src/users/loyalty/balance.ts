import { sql } from '@payloadcms/db-postgres'
import type { PayloadRequest } from 'payload'

import { transactionDb } from '@/db/transaction'

import { lockAccountAndRead } from '../auth/accountLock'
import { higherTier, tierForPoints, type TribeTier } from '../tiers'

export type PointsBalance = { points: number; tier: TribeTier }

/**
 * Locks the user's row for the rest of the transaction, so two point changes for one
 * trekker (a confirmation and a manual adjustment, say) apply one after the other.
 */
export async function lockPointsBalance(
  req: PayloadRequest,
  userId: number,
): Promise<PointsBalance | null> {
  const row = await lockAccountAndRead<{ obs_points: unknown; tribe_tier: unknown }>(req, userId, [
    'obs_points',
    'tribe_tier',
  ])
  if (!row) {
    return null
  }
  return {
    points: Number(row.obs_points ?? 0),
    tier: (row.tribe_tier as TribeTier | null) ?? 'basecamp',
  }
}

/**
 * Writes the new balance and the tier it earns; tiers only go up. A database trigger keeps
 * both columns unchanged for every other writer (Payload writes whole rows back from copies
 * read earlier), so this marks its own statement as the ledger's, and only that statement.
 */
export async function storePointsBalance(
  req: PayloadRequest,
  userId: number,
  current: PointsBalance,
  points: number,
): Promise<PointsBalance> {
  const next = { points, tier: higherTier(current.tier, tierForPoints(points)) }
  const db = await transactionDb(req)
  await db.execute(sql`SELECT set_config('obs.points_writer', 'ledger', true)`)
  await db.execute(sql`
    UPDATE users SET obs_points = ${next.points}, tribe_tier = ${next.tier}, updated_at = now()
    WHERE id = ${userId}`)
  // Not in a `finally`: after a failed UPDATE the transaction is aborted, this would fail too
  // and hide the real error; the setting ends with the transaction anyway.
  await db.execute(sql`SELECT set_config('obs.points_writer', '', true)`)
  return next
}
