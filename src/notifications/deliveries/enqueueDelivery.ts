import type { PayloadRequest } from 'payload'

import { SOS_MAIL_QUEUE, URGENT_QUEUE } from '@/shared/jobQueues'
import { queryRows, sql } from '@/shared/sql'

import type { TemplateName } from '../templates'
import type { DeliveryChannel } from './NotificationDeliveries'

export const SEND_NOTIFICATION = 'sendNotification'

export type DeliveryRequest = {
  /** What the message is for; asking again for the same key does nothing. */
  key: string
  channel: DeliveryChannel
  template: TemplateName
  to: string
  params: Record<string, string>
  incident?: number | string
  booking?: number | string
  /** Sent before any other queued work (an SOS alert): see URGENT_QUEUE and SOS_MAIL_QUEUE. */
  urgent?: boolean
}

/**
 * Records a message and queues its send job in the caller's transaction. The unique key
 * is claimed with ON CONFLICT DO NOTHING, so a repeat never aborts the caller's
 * transaction and never queues a second job.
 */
export async function enqueueDelivery(
  req: PayloadRequest,
  delivery: DeliveryRequest,
): Promise<{ id: number; created: boolean } | { id: null; created: false }> {
  const [row] = await queryRows<{ id: number }>(
    req,
    sql`insert into notification_deliveries
          (key, channel, template, "to", params, incident_id, booking_id, status, attempts)
        values (${delivery.key}, ${delivery.channel}, ${delivery.template}, ${delivery.to},
                ${JSON.stringify(delivery.params)}::jsonb, ${delivery.incident ?? null},
                ${delivery.booking ?? null}, 'queued', 0)
        on conflict (key) do nothing
        returning id`,
  )
  if (!row) {
    return { id: null, created: false }
  }

  await req.payload.jobs.queue({
    task: SEND_NOTIFICATION,
    input: { deliveryId: row.id },
    ...(delivery.urgent
      ? { queue: delivery.channel === 'sms' ? URGENT_QUEUE : SOS_MAIL_QUEUE }
      : {}),
    req,
  })
  return { id: row.id, created: true }
}
