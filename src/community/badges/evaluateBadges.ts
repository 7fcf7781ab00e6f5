import type { PayloadRequest, TaskConfig } from 'payload'

import type { Badge } from '@/payload-types'
import { relationId } from '@/shared/relationId'
import { lockRow, queryRows, sql } from '@/shared/sql'
import { withTransaction } from '@/shared/transaction'

import { awardBadge } from './awardBadge'
import { badgeFacts } from './badgeFacts'
import { earnedRules } from './rules'

export const EVALUATE_BADGES = 'evaluateBadges'

/**
 * Checks every badge rule against what the user has done and awards the badges earned and
 * not yet held. Safe to run any number of times, concurrently too: evaluations of one user
 * take turns on the user's row (held until the caller's transaction ends), so they neither
 * deadlock nor rewrite `users.badges` from a stale read.
 */
export function evaluateBadges(userId: number, req: PayloadRequest): Promise<string[]> {
  return withTransaction(req, () => awardEarnedBadges(userId, req))
}

async function awardEarnedBadges(userId: number, req: PayloadRequest): Promise<string[]> {
  const facts = await badgeFacts(userId, req)
  const rules = earnedRules(facts)
  if (rules.length === 0) {
    return []
  }
  if (!(await lockRow(req, 'users', userId))) {
    return []
  }
  // An account erased after the job was queued earns nothing more: the award's account update
  // was refused ("This account has been erased"), failing the job and its retries (round 35's
  // note).
  const [account] = await queryRows<{ erased_at: unknown }>(
    req,
    sql`select erased_at from users where id = ${userId}`,
  )
  if (account?.erased_at) {
    return []
  }
  const [badges, held] = await Promise.all([
    req.payload.find({
      collection: 'badges',
      where: { rule: { in: rules } },
      depth: 0,
      pagination: false,
      overrideAccess: true,
      req,
    }),
    req.payload.find({
      collection: 'badge-awards',
      where: { user: { equals: userId } },
      select: { badge: true },
      depth: 0,
      pagination: false,
      overrideAccess: true,
      req,
    }),
  ])
  const heldIds = new Set(held.docs.map((award) => relationId(award.badge)))
  const awarded: string[] = []
  for (const badge of badges.docs as Badge[]) {
    if (!heldIds.has(badge.id) && (await awardBadge(req, userId, badge))) {
      awarded.push(badge.rule)
    }
  }
  return awarded
}

export const evaluateBadgesTask: TaskConfig<'evaluateBadges'> = {
  slug: EVALUATE_BADGES,
  label: "Award the badges a user's record has earned",
  retries: { attempts: 3, backoff: { type: 'exponential', delay: 30_000 } },
  inputSchema: [{ name: 'userId', type: 'number', required: true }],
  outputSchema: [{ name: 'awarded', type: 'text', hasMany: true }],
  handler: async ({ input, req }) => ({
    output: { awarded: await evaluateBadges(input.userId, req) },
  }),
}
