import type { Endpoint, PayloadRequest } from 'payload'

import { canExportPayments } from '../access'
import { PAYMENT_STATUSES } from '../collections/paymentStatuses'
import { BadExportBound, parseExportBound } from '../export/bounds'
import { kolkataDay } from '../export/businessDay'
import { csvRow } from '../export/csv'
import { type ExportFilter, type ExportRow, exportPage } from '../export/exportQuery'
import { badRequest, requireUser } from './request'

const PAGE_SIZE = 500

const HEADER = [
  'Booking',
  'Trek',
  'Batch date',
  'Trekker',
  'Method',
  'Status',
  'Amount (INR)',
  'Refunded (INR)',
  'Currency',
  'Razorpay order id',
  'Razorpay payment id',
  'Razorpay refund ids',
  // A desk payment's receipt number or transfer UTR, so finance can match the takings.
  'Reference',
  'Created at',
]

/** A bad `from`/`to` is a 400 naming the parameter, before any of the CSV is sent. */
function parseBound(value: string | null, name: 'from' | 'to', edge: 'start' | 'end') {
  try {
    return parseExportBound(value, name, edge)
  } catch (err) {
    if (err instanceof BadExportBound) {
      throw badRequest(err.message)
    }
    throw err
  }
}

function readFilter(req: PayloadRequest): ExportFilter {
  const params = new URL(req.url!).searchParams
  const status = params.get('status') ?? undefined
  if (status && !(PAYMENT_STATUSES as readonly string[]).includes(status)) {
    throw badRequest(`status must be one of ${PAYMENT_STATUSES.join(', ')}`)
  }
  const filter = {
    from: parseBound(params.get('from'), 'from', 'start'),
    to: parseBound(params.get('to'), 'to', 'end'),
    status,
  }
  if (filter.from && filter.to && filter.from >= filter.to) {
    throw badRequest('from must be before to')
  }
  return filter
}

const rupees = (value: string | number | null) => Number(value ?? 0).toFixed(2)

function line(row: ExportRow): string {
  return csvRow([
    row.booking_id,
    row.trek,
    row.batch_start ? kolkataDay(row.batch_start) : '',
    row.trekker,
    row.method,
    row.status,
    rupees(row.amount),
    rupees(row.amount_refunded),
    row.currency ?? 'INR',
    row.razorpay_order_id,
    row.razorpay_payment_id,
    row.refund_ids,
    row.reference,
    new Date(row.created_at).toISOString(),
  ])
}

/** `GET /api/payments/export?from&to&status`: payments as CSV, streamed page by page. */
export const exportEndpoint: Endpoint = {
  path: '/export',
  method: 'get',
  handler: async (req) => {
    requireUser(req, canExportPayments)
    const filter = readFilter(req)
    const { payload } = req
    const encoder = new TextEncoder()
    let afterId = 0
    let started = false

    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (!started) {
          started = true
          // The byte-order mark makes spreadsheet apps read the file as UTF-8.
          controller.enqueue(encoder.encode(`\uFEFF${csvRow(HEADER)}`))
          return
        }
        try {
          const rows = await exportPage(payload, filter, afterId, PAGE_SIZE)
          if (rows.length > 0) {
            afterId = Number(rows[rows.length - 1].id)
            controller.enqueue(encoder.encode(rows.map(line).join('')))
          }
          if (rows.length < PAGE_SIZE) {
            controller.close()
          }
        } catch (err) {
          payload.logger.error({ msg: 'payments export failed', err: String(err) })
          controller.error(err)
        }
      },
    })
    payload.logger.info({ msg: 'payments export', userId: req.user!.id, ...filter })
    // Named by the business day, as the from/to bounds are (after 18:30 UTC that is tomorrow).
    const stamp = kolkataDay()
    return new Response(stream, {
      status: 200,
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="obs-payments-${stamp}.csv"`,
        'Cache-Control': 'no-store',
      },
    })
  },
}
