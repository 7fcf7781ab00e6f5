import { kolkataDay } from '@/shared/time'
import { sql } from '@payloadcms/db-postgres'
import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { api } from '../helpers/api'
import { createRoleUsers } from '../helpers/fixtures'
import { countQueries } from '../helpers/queryCount'
import { createPendingBooking, createTrekBatch, rawSql } from './world'

/** RFC 4180 parsing, enough to read our own export back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"'
        i++
      } else if (c === '"') {
        quoted = false
      } else {
        cell += c
      }
    } else if (c === '"') {
      quoted = true
    } else if (c === ',') {
      row.push(cell)
      cell = ''
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
      i++
    } else {
      cell += c
    }
  }
  return rows
}

// Instants chosen around Asia/Kolkata midnights, in a year no other test writes to.
const DAY_1 = '2021-03-10T04:30:00.000Z' // 10:00 IST on 10 March
const DAY_2_LATE = '2021-03-11T18:20:00.000Z' // 23:50 IST on 11 March
const DAY_3_EARLY = '2021-03-11T18:40:00.000Z' // 00:10 IST on 12 March

describe('GET /api/payments/export', () => {
  let payload: Payload
  let roles: Awaited<ReturnType<typeof createRoleUsers>>
  let trekName: string
  const ids: Record<string, number> = {}

  const exportCsv = async (token: string | undefined, query = '') => {
    const res = await api('GET', `/payments/export${query}`, { token })
    const rows = typeof res.body === 'string' ? parseCsv(res.body.replace(/^\uFEFF/, '')) : []
    return { ...res, rows }
  }

  const addPayment = async (
    bookingId: number,
    createdAt: string,
    data: Record<string, unknown>,
  ) => {
    const payment = await payload.create({
      collection: 'payments',
      data: {
        booking: bookingId,
        amount: 1000,
        currency: 'INR',
        status: 'success',
        ...data,
      } as never,
      overrideAccess: true,
    })
    await rawSql(
      payload,
      sql`update payments set created_at = ${createdAt} where id = ${payment.id}`,
    )
    return payment.id
  }

  beforeAll(async () => {
    payload = await import('../helpers/payload').then((m) => m.testPayload())
    roles = await createRoleUsers(payload)
    const { batch, trek } = await createTrekBatch(payload, { price: 1000 })
    trekName = `-Chadar, "frozen" ${trek.id}`
    await rawSql(payload, sql`update treks set name = ${trekName} where id = ${trek.id}`)
    const plain = await createPendingBooking(payload, { amount: 1000, batch })
    const hostile = await createPendingBooking(payload, { amount: 1000, batch })
    await rawSql(
      payload,
      sql`update bookings set trekker_name = ${'=HYPERLINK("http://evil.test")'} where id = ${hostile.booking.id}`,
    )
    ids.plain = plain.booking.id
    ids.hostile = hostile.booking.id

    ids.first = await addPayment(plain.booking.id, DAY_1, {
      amount: 12500.5,
      method: 'upi',
      razorpayOrderId: 'order_exp1',
      razorpayPaymentId: `pay_exp1_${plain.booking.id}`,
    })
    ids.second = await addPayment(hostile.booking.id, DAY_2_LATE, {
      amount: 999.99,
      method: '+card',
      status: 'refunded',
      amountRefunded: 999.99,
    })
    ids.third = await addPayment(plain.booking.id, DAY_3_EARLY, {
      amount: 50,
      method: '@netbanking',
      status: 'failed',
    })
    ids.tab = await addPayment(plain.booking.id, DAY_3_EARLY, { amount: 1, method: '\tupi' })
    ids.cr = await addPayment(plain.booking.id, DAY_3_EARLY, { amount: 2, method: '\rupi' })
  })

  it('is for finance and super_admin; others get 403 and anonymous 401', async () => {
    expect((await exportCsv(undefined)).status).toBe(401)
    for (const user of [roles.trekker, roles.ops_manager, roles.cs, roles.content, roles.guide]) {
      expect((await exportCsv(user.token)).status).toBe(403)
    }
    for (const user of [roles.finance, roles.super_admin]) {
      const res = await exportCsv(user.token, '?from=2021-03-10&to=2021-03-12')
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toMatch(/^text\/csv/)
      expect(res.headers.get('content-disposition')).toBe(
        `attachment; filename="obs-payments-${kolkataDay()}.csv"`,
      )
    }
  })

  it('writes the agreed columns with amounts in rupees and neutralised formula cells', async () => {
    const { rows } = await exportCsv(roles.finance.token, '?from=2021-03-10&to=2021-03-12')

    expect(rows[0]).toEqual([
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
      'Reference',
      'Created at',
    ])
    const byAmount = new Map(rows.slice(1).map((r) => [r[6], r]))
    const first = byAmount.get('12500.50')!
    expect(first).toEqual([
      String(ids.plain),
      `'${trekName}`,
      expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      // The booking snapshots the trekker's own name, whatever the request said.
      'Test Trekker',
      'upi',
      'success',
      '12500.50',
      '0.00',
      'INR',
      'order_exp1',
      `pay_exp1_${ids.plain}`,
      '',
      '',
      DAY_1,
    ])
    const hostile = byAmount.get('999.99')!
    expect(hostile[3]).toBe(`'=HYPERLINK("http://evil.test")`)
    expect(hostile[4]).toBe(`'+card`)
    expect(hostile[7]).toBe('999.99')
    expect(byAmount.get('50.00')![4]).toBe(`'@netbanking`)
    expect(byAmount.get('1.00')![4]).toBe(`'\tupi`)
    expect(byAmount.get('2.00')![4]).toBe(`'\rupi`)
  })

  it("keeps a desk payment's reference for finance to match takings, neutralised like any cell", async () => {
    // A day of its own, so the other tests' day filters see none of these.
    const deskDay = '2021-04-05T06:00:00.000Z'
    await addPayment(ids.plain, deskDay, {
      amount: 4321.5,
      method: 'cash',
      reference: 'Desk receipt 118',
    })
    await addPayment(ids.plain, deskDay, {
      amount: 4321.75,
      method: 'bank_transfer',
      reference: '=SUM(A1:A9)',
    })
    const { rows } = await exportCsv(roles.finance.token, '?from=2021-04-05&to=2021-04-05')

    const byAmount = new Map(rows.slice(1).map((r) => [r[6], r]))
    expect(rows).toHaveLength(3)
    expect(byAmount.get('4321.50')![12]).toBe('Desk receipt 118')
    expect(byAmount.get('4321.75')![12]).toBe(`'=SUM(A1:A9)`)
  })

  it('filters by Asia/Kolkata days and by status', async () => {
    const amounts = async (query: string) =>
      (await exportCsv(roles.finance.token, query)).rows
        .slice(1)
        .map((r) => r[6])
        .sort()

    expect(await amounts('?from=2021-03-10&to=2021-03-10')).toEqual(['12500.50'])
    expect(await amounts('?from=2021-03-11&to=2021-03-11')).toEqual(['999.99'])
    expect(await amounts('?from=2021-03-12&to=2021-03-12')).toEqual(['1.00', '2.00', '50.00'])
    expect(await amounts('?from=2021-03-10&to=2021-03-12&status=refunded')).toEqual(['999.99'])
    expect(await amounts(`?from=${DAY_2_LATE}&to=${DAY_3_EARLY}`)).toEqual(['999.99'])
    expect((await exportCsv(roles.finance.token, '?from=yesterday')).status).toBe(400)
    expect((await exportCsv(roles.finance.token, '?status=paid')).status).toBe(400)
  })

  it('refuses a date outside the calendar or the years 2000-2100 before sending any CSV', async () => {
    const refused = [
      ['to', '2026-13-01'],
      ['to', '2026-02-30'],
      ['from', '2021-04-31'],
      ['from', '0000-01-01'],
      ['from', '1999-12-31'],
      ['to', '2101-01-01'],
      ['from', '+275760-09-13'],
      ['from', '2021-03-10T24:00:00Z'],
      ['to', '2021-02-29T10:00:00Z'],
      ['to', '2021-03-10T10:00:00'], // an instant needs its offset
      ['from', '1'],
      ['to', 'March 10, 2021'],
    ]
    for (const [name, value] of refused) {
      const res = await api('GET', `/payments/export?${name}=${encodeURIComponent(value)}`, {
        token: roles.finance.token,
      })
      expect([value, res.status]).toEqual([value, 400])
      expect(JSON.stringify(res.body)).toContain(`${name} must be`)
    }
    // Still accepted: a leap day, an instant with an offset, the edges of the range.
    for (const query of [
      '?from=2020-02-29&to=2020-02-29',
      '?from=2021-03-10T10:00:00%2B05:30&to=2021-03-10T23:59:59.999Z',
      '?from=2000-01-01&to=2100-12-31',
    ]) {
      expect((await exportCsv(roles.finance.token, query)).status).toBe(200)
    }
  })

  it('totals match the database', async () => {
    const { rows } = await exportCsv(roles.super_admin.token)
    const exported = rows.slice(1).reduce((sum, r) => sum + Math.round(Number(r[6]) * 100), 0)

    const { rows: db } = await rawSql(
      payload,
      sql`select coalesce(sum(round(amount * 100)), 0)::bigint as paise, count(*)::int as n from payments`,
    )

    expect(rows.length - 1).toBe(db[0].n)
    expect(exported).toBe(Number(db[0].paise))
  })

  it('costs the same number of SQL queries for 5 payments as for 25', async () => {
    for (let i = 0; i < 20; i++) {
      await addPayment(ids.plain, '2021-03-20T06:00:00.000Z', { amount: 10 + i })
    }
    const few = await countQueries(payload, () =>
      exportCsv(roles.finance.token, '?from=2021-03-10&to=2021-03-12'),
    )
    const many = await countQueries(payload, () =>
      exportCsv(roles.finance.token, '?from=2021-03-10&to=2021-03-20'),
    )

    expect(few.result.rows).toHaveLength(6)
    expect(many.result.rows).toHaveLength(26)
    expect(many.queries.length).toBe(few.queries.length)
  })
})
