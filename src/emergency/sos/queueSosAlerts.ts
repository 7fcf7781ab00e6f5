import type { PayloadRequest } from 'payload'

import { enqueueDelivery } from '@/notifications'
import type { Batch, Incident, Trek, User } from '@/payload-types'
import { requiredRelationId } from '@/shared/relationId'
import { formatKolkataDateTime } from '@/shared/time'

import { alertCounts } from './alertNotes'
import type { AlertRecipient, AlertScope } from './alertRecipients'

async function alertParams(incident: Incident, batch: Batch | null, req: PayloadRequest) {
  const common = { depth: 0, overrideAccess: true, disableErrors: true, req } as const
  const [trekker, trek] = await Promise.all([
    req.payload.findByID({
      collection: 'users',
      id: requiredRelationId(incident.trekker),
      ...common,
    }),
    batch
      ? req.payload.findByID({ collection: 'treks', id: requiredRelationId(batch.trek), ...common })
      : null,
  ])
  const hasPosition = incident.latitude != null && incident.longitude != null
  const position = hasPosition
    ? `${incident.latitude!.toFixed(5)}, ${incident.longitude!.toFixed(5)}`
    : 'unknown'
  const name = [(trekker as User | null)?.firstName, (trekker as User | null)?.lastName]
  return {
    incidentId: String(incident.id),
    trekkerName: name.filter(Boolean).join(' ') || 'A trekker',
    trekkerPhone: (trekker as User | null)?.phone ?? '',
    message: incident.message ?? '',
    position,
    mapsUrl: hasPosition
      ? `https://www.google.com/maps?q=${incident.latitude},${incident.longitude}`
      : '',
    occurredAt: formatKolkataDateTime(incident.occurredAt),
    trekName: (trek as Trek | null)?.name ?? '',
  }
}

/**
 * Queues one delivery per recipient and channel, inside the transaction that created the
 * incident: the alerts exist exactly when the incident does.
 */
export async function queueSosAlerts(
  incident: Incident,
  batch: Batch | null,
  recipients: AlertRecipient[],
  req: PayloadRequest,
  scope: AlertScope,
): Promise<number> {
  const params = await alertParams(incident, batch, req)
  for (const recipient of recipients) {
    await enqueueDelivery(req, {
      // The role tells the daily cap which deliveries texted an emergency contact.
      key: `sos:${incident.id}:${recipient.channel}:${recipient.role}:${recipient.to}`,
      channel: recipient.channel,
      template: 'sos_alert',
      to: recipient.to,
      incident: incident.id,
      params,
      urgent: true,
    })
  }
  const log = {
    incidentId: incident.id,
    batchId: batch?.id ?? null,
    alerts: recipients.length,
    alerted: alertCounts(recipients),
    scope,
  }
  if (scope === 'recorded_only') {
    req.payload.logger.warn({ msg: 'Repeat SOS recorded, on-call not paged again', ...log })
  } else if (recipients.length === 0) {
    // Only the desk watching the incidents list will see this SOS: say so loudly.
    req.payload.logger.warn({ msg: 'SOS alerted nobody', ...log })
  } else {
    req.payload.logger.warn({ msg: 'SOS received, alerts queued', ...log })
  }
  return recipients.length
}
