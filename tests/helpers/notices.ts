import type { Payload } from 'payload'

import { runJobs } from './jobs'

/** The templates of the notices queued for an address or a phone, once the queue has run. */
export async function noticesTo(payload: Payload, to: string) {
  await runJobs(payload)
  const found = await payload.find({
    collection: 'notification-deliveries',
    where: { to: { equals: to } },
    overrideAccess: true,
    limit: 100,
  })
  return found.docs.map((doc) => doc.template as string)
}
