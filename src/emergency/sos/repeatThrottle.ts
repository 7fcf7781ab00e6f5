import type { PayloadRequest } from 'payload'

import { env } from '@/config/env'
import type { Incident } from '@/payload-types'
import { queryRows, sql } from '@/shared/sql'

import type { AlertScope } from './alertRecipients'

/**
 * An SOS from a trekker who already raised one within `SOS_REPEAT_WINDOW_MINUTES` is
 * recorded in full and alerts the on-call desk (OPS_ONCALL), but does not text the emergency contacts and
 * the guide again. A phone that keeps sending fresh SOS (a stuck button, a loop in the app, or
 * someone using the endpoint to spam a family with SMS) would otherwise fan out a wave of
 * texts each time; the people who act on an SOS are already alerted by the first one, and ops
 * see every later one. 0 turns the throttle off.
 *
 * Runs inside the reporting transaction after a per-trekker advisory lock, so two SOS sent at
 * the same moment with different clientIds cannot both count as the first.
 */
export async function alertScopeFor(
  trekkerId: number,
  req: PayloadRequest,
): Promise<{ scope: AlertScope; previous?: Incident }> {
  const windowMinutes = env.sosRepeatWindowMinutes
  if (windowMinutes <= 0) {
    return { scope: 'everyone' }
  }
  await queryRows(
    req,
    sql`select pg_advisory_xact_lock(hashtextextended(${`sos-trekker:${trekkerId}`}, 0))`,
  )
  const since = new Date(Date.now() - windowMinutes * 60_000).toISOString()
  const { docs } = await req.payload.find({
    collection: 'incidents',
    where: { and: [{ trekker: { equals: trekkerId } }, { createdAt: { greater_than: since } }] },
    sort: '-createdAt',
    depth: 0,
    limit: 1,
    overrideAccess: true,
    req,
  })
  const previous = docs[0] as Incident | undefined
  return previous ? { scope: 'oncall_only', previous } : { scope: 'everyone' }
}

export const repeatNote = (previous: Incident) =>
  `Emergency contacts and guide not alerted again: this trekker raised SOS #${previous.id} less ` +
  `than ${env.sosRepeatWindowMinutes} minutes earlier.`
