import type { Payload } from 'payload'

import type { Badge } from '@/payload-types'

import { unique } from '../helpers/fixtures'

const POINTS: Record<string, number> = {
  first_trek_completed: 50,
  five_treks_completed: 250,
  above_5000m: 150,
  three_regions: 200,
  first_post: 0,
}

/**
 * One badge per rule exists in the whole database (the rule is unique), so test files share
 * them: found if another file made them, created otherwise, points set as listed.
 */
export async function ensureBadges(payload: Payload): Promise<Record<string, Badge>> {
  const badges: Record<string, Badge> = {}
  for (const [rule, points] of Object.entries(POINTS)) {
    const { docs } = await payload.find({
      collection: 'badges',
      where: { rule: { equals: rule } },
      overrideAccess: true,
      depth: 0,
    })
    badges[rule] = docs[0]
      ? await payload.update({
          collection: 'badges',
          id: docs[0].id,
          data: { points },
          overrideAccess: true,
          depth: 0,
        })
      : await payload.create({
          collection: 'badges',
          data: { name: unique(rule), rule: rule as Badge['rule'], points },
          overrideAccess: true,
          depth: 0,
        })
  }
  return badges
}

export const hasPointsTransactions = (payload: Payload) =>
  Boolean(payload.collections['points-transactions' as never])
