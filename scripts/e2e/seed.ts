/**
 * Minimal data for the browser tests, through the Local API: one account per staff role
 * and a trekker, a region, a draft trek for content to edit, an active trek with a batch,
 * a booking and a payment made today. Writes the ids the tests need to the file given.
 */
import { writeFile } from 'node:fs/promises'

import config from '@payload-config'
import { createLocalReq, getPayload, type RequiredDataFromCollectionSlug } from 'payload'

import { applyPaymentToBooking } from '@/bookings'

type Verified = RequiredDataFromCollectionSlug<'users'> & { _verified: boolean }

const target = process.argv[2] ?? 'test-results/e2e-fixture.json'
const password = process.env.E2E_PASSWORD ?? 'E2e-password-2026'
const DAY = 24 * 60 * 60 * 1000
const roles = ['super_admin', 'ops_manager', 'cs', 'finance', 'content', 'guide', null] as const

const payload = await getPayload({ config })

const accounts: Record<string, { id: number; email: string }> = {}
// In parallel: password hashing dominates and runs on libuv's thread pool.
await Promise.all(
  roles.map(async (role) => {
    const email = `${role ?? 'trekker'}@e2e.test`.replace('_', '-')
    const user = await payload.create({
      collection: 'users',
      data: {
        email,
        password,
        firstName: 'E2E',
        lastName: role ?? 'Trekker',
        staffRole: role,
        tribeTier: 'basecamp',
        obsPoints: 0,
        // Seeded accounts are verified; no verification mail is sent (SMTP is a closed port).
        _verified: true,
      } as Verified,
      disableVerificationEmail: true,
      overrideAccess: true,
    })
    accounts[role ?? 'trekker'] = { id: user.id, email }
  }),
)
// A staff account of its own for the test that changes its password in the admin, so the
// role accounts above keep the shared password.
{
  const email = 'own-password@e2e.test'
  const user = await payload.create({
    collection: 'users',
    data: {
      email,
      password,
      firstName: 'E2E',
      lastName: 'Own password',
      staffRole: 'content',
      _verified: true,
    } as Verified,
    disableVerificationEmail: true,
    overrideAccess: true,
  })
  accounts.own_password = { id: user.id, email }
}
// Publishing is an ops decision even through the Local API, so seed as the super admin.
const asAdmin = {
  overrideAccess: true,
  user: await payload.findByID({
    collection: 'users',
    id: accounts.super_admin.id,
    overrideAccess: true,
  }),
}

const region = await payload.create({
  collection: 'regions',
  data: { name: 'Garhwal Himalaya', description: 'Uttarakhand' },
  ...asAdmin,
})
const trek = (name: string, status: 'draft' | 'active') =>
  payload.create({
    collection: 'treks',
    data: {
      name,
      region: region.id,
      maxAltitude: 4100,
      durationDays: 6,
      difficulty: 'moderate',
      status,
    },
    ...asAdmin,
  })
const draftTrek = await trek('Kedarkantha Winter Trek', 'draft')
const activeTrek = await trek('Har Ki Dun Valley Trek', 'active')

const start = new Date(Date.now() + 20 * DAY)
const batch = await payload.create({
  collection: 'batches',
  data: {
    trek: activeTrek.id,
    startDate: start.toISOString(),
    endDate: new Date(start.getTime() + 6 * DAY).toISOString(),
    totalSeats: 12,
    price: 14500,
    status: 'open',
  },
  ...asAdmin,
})
const booking = await payload.create({
  collection: 'bookings',
  data: {
    user: accounts.trekker.id,
    batch: batch.id,
    status: 'confirmed',
    trekkerName: 'Meera Iyer',
    finalAmount: 14500,
    amountPaid: 14500,
    balanceDue: 0,
  },
  ...asAdmin,
})
// Finance refunds part of this one from its edit view.
const toRefund = await payload.create({
  collection: 'payments',
  data: {
    booking: booking.id,
    amount: 14500,
    status: 'success',
    method: 'upi',
    razorpayPaymentId: 'pay_e2e_1',
  },
  ...asAdmin,
})

// cs cancels this one in the admin: paid in full, 45 days out, so the policy refunds 90%.
const cancelStart = new Date(Date.now() + 45 * DAY)
const cancelBatch = await payload.create({
  collection: 'batches',
  data: {
    trek: activeTrek.id,
    startDate: cancelStart.toISOString(),
    endDate: new Date(cancelStart.getTime() + 6 * DAY).toISOString(),
    totalSeats: 10,
    price: 12000,
    status: 'open',
  },
  ...asAdmin,
})
// A booking starts pending with nothing paid; the payment is applied the way a captured
// one is, so the booking is confirmed and paid in full.
const toCancel = await payload.create({
  collection: 'bookings',
  data: { user: accounts.trekker.id, batch: cancelBatch.id },
  ...asAdmin,
})
await payload.create({
  collection: 'payments',
  data: {
    booking: toCancel.id,
    amount: 12000,
    status: 'success',
    method: 'card',
    razorpayPaymentId: 'pay_e2e_cancel',
  },
  ...asAdmin,
})
await applyPaymentToBooking({
  bookingId: toCancel.id,
  amount: 12000,
  req: await createLocalReq({ user: asAdmin.user }, payload),
  requireEmergencyContact: false,
})

// A walk-in trekker who pays part of the price at the office: finance records it.
const walkIn = await payload.create({
  collection: 'users',
  data: {
    email: 'walk-in@e2e.test',
    password,
    firstName: 'Kiran',
    lastName: 'Walkin',
    tribeTier: 'basecamp',
    obsPoints: 0,
    _verified: true,
  } as Verified,
  disableVerificationEmail: true,
  overrideAccess: true,
})
const offlineBooking = await payload.create({
  collection: 'bookings',
  data: { user: walkIn.id, batch: cancelBatch.id },
  ...asAdmin,
})

/**
 * Finance exports the Asia/Kolkata business day 2026-11-10. Two payments fall inside it
 * (its first and last minute), two just outside it; only the first two may be exported.
 */
const exportDay = '2026-11-10'
const exportPayments = [
  {
    at: '2026-11-09T18:30:00.000Z',
    amount: 5000,
    status: 'success',
    method: 'upi',
    pay: 'pay_e2e_x1',
  },
  { at: '2026-11-10T18:29:00.000Z', amount: 2500.5, status: 'failed', method: 'card', pay: null },
  {
    at: '2026-11-09T18:29:59.000Z',
    amount: 111,
    status: 'success',
    method: 'upi',
    pay: 'pay_e2e_x0',
  },
  {
    at: '2026-11-10T18:30:00.000Z',
    amount: 222,
    status: 'success',
    method: 'upi',
    pay: 'pay_e2e_x3',
  },
] as const
const exported = []
for (const [index, item] of exportPayments.entries()) {
  const made = await payload.create({
    collection: 'payments',
    data: {
      booking: booking.id,
      amount: item.amount,
      status: item.status,
      method: item.method,
      razorpayOrderId: `order_e2e_x${index}`,
      ...(item.pay ? { razorpayPaymentId: item.pay } : {}),
      createdAt: item.at,
    },
    ...asAdmin,
  })
  exported.push({ id: made.id, createdAt: made.createdAt })
}
const bookingRow = await payload.findByID({ collection: 'bookings', id: booking.id, depth: 0 })

const fixture = {
  password,
  accounts,
  region: region.id,
  draftTrek: { id: draftTrek.id, name: draftTrek.name },
  activeTrek: { id: activeTrek.id, name: activeTrek.name },
  batch: batch.id,
  booking: booking.id,
  cancelBooking: { id: toCancel.id, refundDue: 10800 },
  offlineBooking: offlineBooking.id,
  refundPayment: toRefund.id,
  export: {
    day: exportDay,
    booking: booking.id,
    trek: activeTrek.name,
    batchStart: batch.startDate,
    trekker: bookingRow.trekkerName,
    payments: exported,
  },
}
await writeFile(target, `${JSON.stringify(fixture, null, 2)}\n`)
payload.logger.info({ msg: 'e2e data seeded', file: target })
await payload.destroy()
process.exit(0)
