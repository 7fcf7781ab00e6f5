import type { PayloadRequest, Where } from 'payload'

import { env } from '@/config/env'
import type { Incident } from '@/payload-types'
import { queryRows, sql } from '@/shared/sql'

import type { AlertScope } from './alertRecipients'

/**
 * An SOS from a trekker who already raised one within `SOS_REPEAT_WINDOW_MINUTES` that the
 * desk has not resolved (open or acknowledged) is recorded in full but does not text the
 * emergency contacts and the guide again. A phone that
 * keeps sending fresh SOS (a stuck button, a loop in the app, or someone using the endpoint to
 * spam a family with SMS) would otherwise fan out a wave of texts each time; the people who
 * act on an SOS are already alerted by the first one, and ops see every later one in
 * Incidents. The on-call desk (OPS_ONCALL) is paged for at most ON_CALL_PAGES_PER_WINDOW of one
 * trekker's SOS in any window (the first and the first repeat; review round 20: thirty SOS in a
 * second paged it thirty times); later repeats are recorded with a note saying so, and a loop
 * that goes on pages it again once the earlier pages fall out of the window. The first SOS is
 * always paged, and every trekker is counted on their own. 0 turns the throttle off (the daily
 * cap on texting the emergency contacts still holds).
 *
 * A resolved SOS neither makes a new one a repeat nor counts towards the paging limit: once
 * the desk has closed the trekker's earlier SOS (a false alarm, say), the guide and family
 * have been told it is over, and the next SOS is a fresh emergency that alerts everyone
 * (review round 21: an SOS minutes after two resolved false alarms alerted nobody).
 *
 * Runs inside the reporting transaction after a per-trekker advisory lock, so two SOS sent at
 * the same moment with different clientIds cannot both count as the first, nor as the last
 * one paged.
 */
export type AlertPlan = {
  scope: AlertScope
  previous?: Incident
  /** The daily cap on texting the emergency contacts is reached. */
  contactsCapped: boolean
  /** `channel:to` of everyone the trekker's unresolved SOS in the window already alerted. */
  alreadyAlerted: Set<string>
}

export async function alertScopeFor(trekkerId: number, req: PayloadRequest): Promise<AlertPlan> {
  await queryRows(
    req,
    sql`select pg_advisory_xact_lock(hashtextextended(${`sos-trekker:${trekkerId}`}, 0))`,
  )
  const contactsCapped = await contactsTextedToday(trekkerId, req)
  const first = (): AlertPlan => ({
    scope: contactsCapped ? 'without_contacts' : 'everyone',
    contactsCapped,
    alreadyAlerted: new Set(),
  })
  const windowMinutes = env.sosRepeatWindowMinutes
  if (windowMinutes <= 0) {
    return first()
  }
  const since = new Date(Date.now() - windowMinutes * 60_000).toISOString()
  const { docs } = await req.payload.find({
    collection: 'incidents',
    where: unresolvedSince(trekkerId, since),
    sort: '-createdAt',
    depth: 0,
    limit: 1,
    overrideAccess: true,
    req,
  })
  const previous = docs[0] as Incident | undefined
  if (!previous) {
    return first()
  }
  const paged = await onCallPagesSince(trekkerId, since, req)
  return {
    scope: paged < ON_CALL_PAGES_PER_WINDOW ? 'oncall_only' : 'recorded_only',
    previous,
    contactsCapped,
    alreadyAlerted: await alertedSince(trekkerId, since, req),
  }
}

/**
 * Who the trekker's unresolved SOS since `since` alerted, from their deliveries: a repeat spares
 * only them. A repeat once spared every contact and the guide, also those no SOS had reached (a
 * contact added after an SOS that had none to text never heard of either; review round 35). A
 * delivery that failed (given up, or withdrawn unsent) reached nobody.
 */
async function alertedSince(trekkerId: number, since: string, req: PayloadRequest) {
  const rows = await queryRows<{ alerted: string }>(
    req,
    sql`select distinct d.channel || ':' || d."to" as alerted
        from notification_deliveries d join incidents i on i.id = d.incident_id
        where i.trekker_id = ${trekkerId} and i.created_at > ${since}
          and i.status in ('open', 'acknowledged') and d.status <> 'failed'`,
  )
  return new Set(rows.map((row) => row.alerted))
}

const countIncidents = async (req: PayloadRequest, where: Where) =>
  (await req.payload.count({ collection: 'incidents', where, overrideAccess: true, req })).totalDocs

/** The trekker's SOS raised since `since` that the desk has not resolved. */
const unresolvedSince = (trekkerId: number, since: string): Where => ({
  and: [
    { trekker: { equals: trekkerId } },
    { createdAt: { greater_than: since } },
    { status: { in: ['open', 'acknowledged'] } },
  ],
})

/**
 * How many of the trekker's unresolved SOS since `since` paged on-call: all of them but those
 * whose log carries the note of a repeat that did not (a desk note quoting it only makes paging
 * likelier).
 */
async function onCallPagesSince(trekkerId: number, since: string, req: PayloadRequest) {
  const recent = unresolvedSince(trekkerId, since)
  const all = await countIncidents(req, recent)
  const unpaged = await countIncidents(req, {
    and: [recent, { 'log.note': { contains: ON_CALL_NOT_PAGED } }],
  })
  return all - unpaged
}

/**
 * Whether the trekker's SOS already texted their emergency contacts SOS_CONTACT_ALERTS_PER_DAY
 * times in the last 24 hours. A contact may be any number, abroad too, so without a cap an
 * account raising an SOS every window could have OBS text ten numbers of its choosing all day
 * (SMS pumping under OBS's sender id; review round 18's note). The guide and on-call still hear
 * of every such SOS, and the desk can call the family. Counted from the deliveries, by the
 * SOS that texted a contact: counting every SOS but repeats, three false alarms raised with no
 * contact on file left the first real one after adding a contact texting nobody (review round
 * 35). A text that failed, or was withdrawn unsent when its SOS was resolved, texted nobody:
 * three pocket dials resolved before their texts left capped the next real SOS (review round 37).
 */
async function contactsTextedToday(trekkerId: number, req: PayloadRequest): Promise<boolean> {
  const cap = env.sosContactAlertsPerDay
  if (cap <= 0) {
    return false
  }
  const since = new Date(Date.now() - 24 * 60 * 60_000).toISOString()
  const [row] = await queryRows<{ texted: number }>(
    req,
    sql`select count(distinct d.incident_id)::int as texted
        from notification_deliveries d join incidents i on i.id = d.incident_id
        where i.trekker_id = ${trekkerId} and i.created_at > ${since}
          and d."key" like ${`sos:%:${CONTACT_KEY_ROLE}:%`} and d.status <> 'failed'`,
  )
  return (row?.texted ?? 0) >= cap
}

/** The role an SOS delivery's key names for an emergency contact (queueSosAlerts). */
export const CONTACT_KEY_ROLE = 'emergency_contact'

const REPEAT_MARK = 'Emergency contacts and guide not alerted again:'
const CONTACTS_SPARED = 'Emergency contacts not texted:'

export const contactsSparedNote = () =>
  `${CONTACTS_SPARED} this trekker's SOS texted them ${env.sosContactAlertsPerDay} times in the ` +
  `last 24 hours, so only the guide and on-call were alerted. Call the family from the desk ` +
  `if needed.`

/** The first SOS and the first repeat in a window page on-call; later repeats do not. */
export const ON_CALL_PAGES_PER_WINDOW = 2

const ON_CALL_NOT_PAGED = 'On-call not paged again:'

export const notPagedNote = () =>
  `${ON_CALL_NOT_PAGED} it was paged for ${ON_CALL_PAGES_PER_WINDOW} SOS from this trekker in ` +
  `the last ${env.sosRepeatWindowMinutes} minutes; this one is only in Incidents.`

export const repeatNote = (previous: Incident) =>
  `${REPEAT_MARK} this trekker raised SOS #${previous.id} less ` +
  `than ${env.sosRepeatWindowMinutes} minutes earlier.`
