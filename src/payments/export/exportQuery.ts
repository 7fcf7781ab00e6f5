import { sql } from '@payloadcms/db-postgres'
import type { Payload } from 'payload'

import { withoutStatementTimeout } from '@/db/statementTimeout'

export type ExportFilter = { from?: Date; to?: Date; status?: string }

export type ExportRow = {
  id: number
  booking_id: number
  trek: string | null
  batch_start: Date | string | null
  trekker: string | null
  method: string | null
  status: string
  amount: string | number
  amount_refunded: string | number | null
  currency: string | null
  razorpay_order_id: string | null
  razorpay_payment_id: string | null
  refund_ids: string | null
  reference: string | null
  created_at: Date | string
}

/**
 * One page of the export in a single statement: the booking, batch, trek and trekker
 * are joined and refund ids aggregated, so the cost is one query per page whatever the
 * number of payments (keyset paging on id keeps every page cheap).
 */
export async function exportPage(
  payload: Payload,
  filter: ExportFilter,
  afterId: number,
  size: number,
) {
  const conditions = [sql`p.id > ${afterId}`]
  if (filter.from) {
    conditions.push(sql`p.created_at >= ${filter.from.toISOString()}`)
  }
  if (filter.to) {
    conditions.push(sql`p.created_at < ${filter.to.toISOString()}`)
  }
  if (filter.status) {
    conditions.push(sql`p.status = ${filter.status}`)
  }
  // Exempt from DATABASE_STATEMENT_TIMEOUT_MS: see src/db/statementTimeout.ts.
  const result = await withoutStatementTimeout<ExportRow>(
    payload,
    sql`
    select p.id, b.id as booking_id, t.name as trek, bt.start_date as batch_start,
      coalesce(nullif(b.trekker_name, ''), nullif(concat_ws(' ', u.first_name, u.last_name), '')) as trekker,
      p.method, p.status, p.amount, p.amount_refunded, p.currency,
      p.razorpay_order_id, p.razorpay_payment_id,
      (select string_agg(r.razorpay_refund_id, ' ' order by r._order)
         from payments_refunds r where r._parent_id = p.id) as refund_ids,
      p.reference, p.created_at
    from payments p
    join bookings b on b.id = p.booking_id
    left join batches bt on bt.id = b.batch_id
    left join treks t on t.id = bt.trek_id
    left join users u on u.id = b.user_id
    where ${sql.join(conditions, sql` and `)}
    order by p.id
    limit ${size}`,
  )
  return result.rows
}
