import type { TaskConfig } from 'payload'

import { deliverNotification } from './deliverNotification'
import { SEND_NOTIFICATION } from './enqueueDelivery'

/**
 * Every SMS and e-mail goes out through this task. Retries back off exponentially from
 * 30 seconds (30 s, 1 min, 2 min, 4 min, 8 min, 16 min): a provider outage of about half an
 * hour is ridden out before the row is left `failed` for staff to see.
 */
export const sendNotificationTask: TaskConfig<'sendNotification'> = {
  slug: SEND_NOTIFICATION,
  label: 'Send an SMS or e-mail',
  retries: { attempts: 6, backoff: { type: 'exponential', delay: 30_000 } },
  inputSchema: [{ name: 'deliveryId', type: 'number', required: true }],
  outputSchema: [{ name: 'outcome', type: 'text' }],
  handler: async ({ input, req }) => {
    const outcome = await deliverNotification(req, input.deliveryId)
    return { output: { outcome } }
  },
}
