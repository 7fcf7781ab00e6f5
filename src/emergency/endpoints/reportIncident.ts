import { APIError, type Endpoint, type PayloadRequest } from 'payload'

import { isTrekker, type AuthUser } from '@/access/roles'
import type { Incident } from '@/payload-types'
import { queryRows, sql } from '@/shared/sql'
import { withTransaction } from '@/shared/transaction'

import { findTrekkerBatch } from '../sos/findTrekkerBatch'
import { normalizeReport, type SosReport } from '../sos/normalizeReport'
import { alertNotes } from '../sos/alertNotes'
import { alertRecipients } from '../sos/alertRecipients'
import { queueSosAlerts } from '../sos/queueSosAlerts'
import { alertScopeFor } from '../sos/repeatThrottle'
import { readBody } from './readBody'

type Outcome = { incident: Incident; created: boolean }

async function findByClientId(
  clientId: string,
  req: PayloadRequest,
): Promise<Incident | undefined> {
  const { docs } = await req.payload.find({
    collection: 'incidents',
    where: { clientId: { equals: clientId } },
    depth: 0,
    limit: 1,
    overrideAccess: true,
    req,
  })
  return docs[0] as Incident | undefined
}

/**
 * Retries of one SOS (a phone on a bad network resends until it hears back) wait on a
 * transaction-scoped advisory lock keyed by the clientId, then find the first one's
 * incident. The unique index on clientId stays the last line of defence.
 */
async function createOnce(
  report: SosReport,
  trekkerId: number,
  req: PayloadRequest,
): Promise<Outcome> {
  return withTransaction(req, async () => {
    await queryRows(
      req,
      sql`select pg_advisory_xact_lock(hashtextextended(${`incident:${report.clientId}`}, 0))`,
    )
    const existing = await findByClientId(report.clientId, req)
    if (existing) {
      return { incident: existing, created: false }
    }

    const batch = await findTrekkerBatch(trekkerId, report.batch, req)
    const plan = await alertScopeFor(trekkerId, req)
    const { scope, previous } = plan
    const recipients = await alertRecipients(trekkerId, batch, req, scope, plan)
    const at = new Date().toISOString()
    const log = alertNotes(recipients, previous, scope).map((note) => ({ at, note }))
    const incident = (await req.payload.create({
      collection: 'incidents',
      data: { ...report, trekker: trekkerId, batch: batch?.id ?? null, status: 'open', log },
      depth: 0,
      overrideAccess: true,
      req,
    })) as Incident
    await queueSosAlerts(incident, batch, recipients, req, scope)
    return { incident, created: true }
  })
}

const isDuplicateClientId = (err: unknown) =>
  (err as { name?: string })?.name === 'ValidationError' &&
  ((err as { data?: { errors?: Array<{ path?: string }> } }).data?.errors ?? []).some((error) =>
    ['clientId', 'client_id'].includes(String(error.path)),
  )

/**
 * `POST /api/incidents`: a trekker's SOS. The same clientId sent again answers 200 with
 * the incident already recorded and alerts nobody a second time; the first answers 201.
 */
export const reportIncidentEndpoint: Endpoint = {
  path: '/',
  method: 'post',
  handler: async (req) => {
    const user = req.user as AuthUser
    if (!user) {
      throw new APIError('Sign in to send an SOS', 401)
    }
    if (!isTrekker(user)) {
      throw new APIError('Only a trekker can raise an SOS', 403)
    }
    const report = normalizeReport(await readBody(req))
    const trekkerId = Number(user.id)

    let outcome: Outcome
    try {
      outcome = await createOnce(report, trekkerId, req)
    } catch (err) {
      const existing = isDuplicateClientId(err)
        ? await findByClientId(report.clientId, req)
        : undefined
      if (!existing) {
        throw err
      }
      outcome = { incident: existing, created: false }
    }

    const owner =
      typeof outcome.incident.trekker === 'object'
        ? outcome.incident.trekker.id
        : outcome.incident.trekker
    if (owner !== trekkerId) {
      throw new APIError('This clientId belongs to another SOS; send a new one', 409)
    }
    return Response.json(
      { doc: outcome.incident, message: outcome.created ? 'SOS received' : 'SOS already received' },
      { status: outcome.created ? 201 : 200 },
    )
  },
}
