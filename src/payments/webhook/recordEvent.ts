import type { PayloadRequest } from 'payload'

import { execute, sql } from '../db'

/**
 * Claims an event id inside the current transaction. A concurrent delivery of the same
 * event waits on the unique index until this transaction ends, then finds it taken;
 * if this transaction rolls back, the other delivery claims it and applies the event.
 */
export async function claimEvent(
  req: PayloadRequest,
  eventId: string,
  event: string,
): Promise<number | null> {
  const rows = await execute(
    req,
    sql`insert into razorpay_events (event_id, event, outcome, created_at, updated_at)
        values (${eventId}, ${event}, 'received', now(), now())
        on conflict (event_id) do nothing
        returning id`,
  )
  return rows.length > 0 ? Number(rows[0].id) : null
}

export async function settleEvent(
  req: PayloadRequest,
  id: number,
  result: { outcome: string; paymentId?: number; note?: string; earlyRefund?: unknown },
) {
  await req.payload.update({
    collection: 'razorpay-events',
    id,
    data: {
      outcome: result.outcome as never,
      payment: result.paymentId ?? null,
      note: result.note?.slice(0, 500) ?? null,
      earlyRefund: (result.earlyRefund ?? null) as never,
    },
    depth: 0,
    overrideAccess: true,
    req,
  })
}
