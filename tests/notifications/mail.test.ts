import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createLocalReq, type Payload } from 'payload'

import { env } from '@/config/env'
import {
  queueBookingCancelledMail,
  queueBookingConfirmedMail,
  queuePaymentReceivedMail,
  renderMail,
} from '@/notifications'
import { renderSms } from '@/notifications/sms'
import {
  emailChangeConfirm,
  emailChangedUndo,
  passwordReset,
  verifyNewAccount,
} from '@/notifications/templates'
import { withTransaction } from '@/shared/transaction'

import { startProviderFakes, type ProviderFakes } from '../fakes/providers'
import { api } from '../helpers/api'
import { createRoleUsers, createUser, unique, type TestUser } from '../helpers/fixtures'
import { jobsFor, runJobs } from '../helpers/jobs'
import { testPayload } from '../helpers/payload'
import { createBooking, createTrekBatch } from '../helpers/trips'

let payload: Payload
let fakes: ProviderFakes
let trekker: TestUser
let trekName: string
let bookingId: number

/** Calls a queue function the way the bookings and payments domains do: in their transaction. */
const inTransaction = async <T>(
  work: (req: Awaited<ReturnType<typeof createLocalReq>>) => Promise<T>,
) => {
  const req = await createLocalReq({}, payload)
  return withTransaction(req, () => work(req))
}

const deliveriesFor = async (booking: number) =>
  (
    await payload.find({
      collection: 'notification-deliveries',
      where: { booking: { equals: booking } },
      depth: 0,
      limit: 20,
      overrideAccess: true,
    })
  ).docs

beforeAll(async () => {
  payload = await testPayload()
  fakes = await startProviderFakes()
  trekker = await createUser(payload, null)
  const { trek, batch } = await createTrekBatch(payload, {
    startDate: '2027-05-09T18:30:00.000Z',
    endDate: '2027-05-15T00:00:00.000Z',
  })
  trekName = trek.name
  bookingId = (
    await createBooking(payload, trekker, batch, 'confirmed', {
      finalAmount: 14500,
      amountPaid: 4350,
      balanceDue: 10150,
    })
  ).id
  await runJobs(payload)
})

afterAll(async () => {
  await fakes.stop()
})

describe('booking e-mails through the jobs queue and SMTP', () => {
  it('sends the confirmation once, however often it is queued', async () => {
    await inTransaction((req) => queueBookingConfirmedMail(bookingId, req))
    await inTransaction((req) => queueBookingConfirmedMail(bookingId, req))
    await runJobs(payload)

    const mails = fakes.smtp.to(trekker.email)
    expect(mails).toHaveLength(1)
    expect(mails[0].from).toBe('no-reply@obs.test')
    expect(mails[0].subject).toBe(`Booking confirmed: ${trekName} from Mon, 10 May, 2027`)
    expect(mails[0].body).toContain('Paid so far: ₹4,350.00. Balance due: ₹10,150.00.')
    expect(mails[0].body).toContain(`OBS-${String(bookingId).padStart(6, '0')}`)
    const [delivery] = await deliveriesFor(bookingId)
    expect(delivery).toMatchObject({
      channel: 'email',
      template: 'booking_confirmed',
      status: 'sent',
      attempts: 1,
    })
  })

  it('tells the trekker the refund owed when a booking is cancelled', async () => {
    await inTransaction((req) =>
      queueBookingCancelledMail(bookingId, req, { refundAmount: 3262.5 }),
    )
    await runJobs(payload)

    const [mail] = fakes.smtp
      .to(trekker.email)
      .filter((m) => m.subject.startsWith('Booking cancelled'))
    expect(mail.body).toContain('Refund owed to you: ₹3,262.50.')
  })

  it('acknowledges a payment once per payment', async () => {
    const payment = await payload.create({
      collection: 'payments',
      data: {
        booking: bookingId,
        amount: 10150,
        status: 'success',
        method: 'upi',
        razorpayPaymentId: `pay_${Date.now()}`,
      },
      overrideAccess: true,
    })

    await inTransaction((req) => queuePaymentReceivedMail(payment.id, req))
    await inTransaction((req) => queuePaymentReceivedMail(payment.id, req))
    await runJobs(payload)

    const mails = fakes.smtp
      .to(trekker.email)
      .filter((m) => m.subject.startsWith('Payment received'))
    expect(mails).toHaveLength(1)
    expect(mails[0].subject).toBe(`Payment received: ₹10,150.00 for ${trekName}`)
    expect(mails[0].body).toContain('by upi')
  })

  it('queues nothing when the caller’s transaction rolls back', async () => {
    const other = await createUser(payload, null)
    const { batch } = await createTrekBatch(payload)
    const booking = await createBooking(payload, other, batch, 'confirmed')
    const jobsBefore = (await jobsFor(payload, 'sendNotification', () => true)).length

    await expect(
      inTransaction(async (req) => {
        await queueBookingConfirmedMail(booking.id, req)
        throw new Error('payment capture failed')
      }),
    ).rejects.toThrow('payment capture failed')

    expect(await deliveriesFor(booking.id)).toEqual([])
    expect(await jobsFor(payload, 'sendNotification', () => true)).toHaveLength(jobsBefore)
  })

  it('retries with backoff when the SMTP server refuses for a while', async () => {
    const other = await createUser(payload, null)
    const { batch } = await createTrekBatch(payload)
    const booking = await createBooking(payload, other, batch, 'confirmed')
    fakes.smtp.failNext(1)

    await inTransaction((req) => queueBookingConfirmedMail(booking.id, req))
    await runJobs(payload)
    const [failed] = await deliveriesFor(booking.id)
    const [job] = await jobsFor(
      payload,
      'sendNotification',
      (input) => input.deliveryId === failed.id,
    )
    await payload.jobs.runByID({ id: job.id, silent: true })

    expect(failed).toMatchObject({ status: 'failed', attempts: 1 })
    expect(failed.lastError).toMatch(/451/)
    expect(new Date(job.waitUntil!).getTime()).toBeGreaterThan(Date.now())
    expect(fakes.smtp.to(other.email)).toHaveLength(1)
    expect((await deliveriesFor(booking.id))[0]).toMatchObject({ status: 'sent', attempts: 2 })
  })

  it('renders but sends nothing when no SMTP server is configured', async () => {
    const other = await createUser(payload, null)
    const { batch } = await createTrekBatch(payload)
    const booking = await createBooking(payload, other, batch, 'confirmed')
    const saved = env.smtpUrl
    env.smtpUrl = undefined
    try {
      await inTransaction((req) => queueBookingConfirmedMail(booking.id, req))
      await runJobs(payload)
    } finally {
      env.smtpUrl = saved
    }

    expect(fakes.smtp.to(other.email)).toHaveLength(0)
    expect((await deliveriesFor(booking.id))[0].status).toBe('sent')
  })
})

describe('account e-mails through SMTP', () => {
  it('mails a sign-up its verification link, an anchor in the HTML part', async () => {
    const email = `${unique('verify-link')}@obs.test`.toLowerCase()
    const made = await api('POST', '/users', {
      body: { email, password: 'Abcdef-12345', firstName: 'Asha', lastName: 'Rawat' },
    })
    expect(made.status).toBe(201)
    await runJobs(payload)

    const row = await payload.db.findOne<{ id: number; _verificationToken: string }>({
      collection: 'users',
      where: { email: { equals: email } },
    })
    const link = `${env.serverUrl}/admin/users/verify/${row!._verificationToken}`
    const [mail] = fakes.smtp.to(email)
    expect(mail.subject).toBe('Confirm your e-mail address for OBS')
    expect(mail.body).toContain(`<a href="${link}">${link}</a>`)
  })
})

describe('mail templates', () => {
  it('return a subject, a text and an HTML body with every value escaped', () => {
    const mail = renderMail('pre_trek_reminder', {
      name: '<script>alert(1)</script>',
      bookingRef: 'OBS-000042',
      trekName: 'Hampta & Chandratal',
      startDate: 'Sat, 17 May, 2031',
      endDate: 'Thu, 22 May, 2031',
      daysLeft: '2',
    })

    expect(mail.subject).toBe('Hampta & Chandratal starts in 2 days')
    expect(mail.text).toContain('Hello <script>alert(1)</script>,')
    expect(mail.html).toContain('Hello &lt;script&gt;alert(1)&lt;/script&gt;,')
    expect(mail.html).toContain('Hampta &amp; Chandratal')
    expect(mail.html).not.toContain('<script>')
  })

  it('make the link of an account mail an anchor in the HTML, and its own line in the text', () => {
    const link = 'https://obs.test/admin/reset/abc?x=1&y="2"'
    const mails = [
      verifyNewAccount({ name: 'Asha', link }),
      emailChangeConfirm({ name: 'Asha', link, validHours: '24' }),
      emailChangedUndo({ name: 'Asha', newEmail: 'a***@obs.test', link, validDays: '7' }),
      passwordReset({ name: 'Asha', link, validMinutes: '60' }),
    ]

    const escaped = 'https://obs.test/admin/reset/abc?x=1&amp;y=&quot;2&quot;'
    for (const mail of mails) {
      expect(mail.html).toContain(`:<br><a href="${escaped}">${escaped}</a></p>`)
      expect(mail.html).not.toContain(link)
      expect(mail.text).toContain(`:\n${link}\n\n`)
    }
  })

  it('tell a trekker whose departure OBS called off, without asking whether they asked', () => {
    const params = {
      name: 'Asha',
      bookingRef: 'OBS-000042',
      trekName: 'Kedarkantha',
      startDate: 'Sat, 17 May, 2031',
      endDate: 'Thu, 22 May, 2031',
      refundAmount: '₹15,000',
    }
    const calledOff = renderMail('booking_cancelled', { ...params, calledOff: 'yes' })
    expect(calledOff.text).toContain('OBS has had to call off the departure of Kedarkantha')
    expect(calledOff.text).toContain('Refund owed to you: ₹15,000, everything you paid.')
    expect(calledOff.text).not.toContain('If you did not ask')
    expect(renderMail('booking_cancelled', params).text).toContain(
      'If you did not ask for this cancellation',
    )
    // A trekker who paid nothing is not told of a ₹0 refund of "everything you paid".
    const unpaid = { ...params, refundAmount: '₹0.00', nothingOwed: 'yes' }
    const calledOffUnpaid = renderMail('booking_cancelled', { ...unpaid, calledOff: 'yes' }).text
    expect(calledOffUnpaid).toContain('No refund is owed: OBS holds nothing you paid for it.')
    expect(calledOffUnpaid).not.toContain('₹0.00')
    expect(renderMail('booking_cancelled', unpaid).text).toContain(
      'No refund is owed for it under our cancellation policy.',
    )
  })

  it('have SMS texts for phone accounts, which have no address', () => {
    const booking = {
      name: 'Asha',
      bookingRef: 'OBS-000042',
      trekName: 'Kedarkantha',
      startDate: 'Sat, 17 May, 2031',
      endDate: 'Thu, 22 May, 2031',
      refundAmount: '₹15,000',
    }
    expect(renderSms('booking_cancelled', { ...booking, calledOff: 'yes' })).toBe(
      'OBS has had to call off Kedarkantha from Sat, 17 May, 2031. Your booking OBS-000042 is cancelled and ₹15,000, everything you paid, is refunded.',
    )
    expect(
      renderSms('booking_cancelled', {
        ...booking,
        refundAmount: '₹0.00',
        calledOff: 'yes',
        nothingOwed: 'yes',
      }),
    ).toBe(
      'OBS has had to call off Kedarkantha from Sat, 17 May, 2031. Your booking OBS-000042 is cancelled.',
    )
    expect(renderSms('provider_linked_notice', { name: 'Asha', provider: 'Google' })).toMatch(
      /^Google sign-in was linked to your OBS account\./,
    )
    for (const template of [
      'password_changed_notice',
      'booking_confirmed',
      'payment_received',
      'booking_cancelled',
    ]) {
      expect(renderSms(template, booking)).not.toMatch(/^\[/)
    }
  })
})

describe('who sees deliveries', () => {
  it('lets ops and cs read them, and nobody write them through the API', async () => {
    const roles = await createRoleUsers(payload)

    const reads = await Promise.all(
      [
        roles.ops_manager,
        roles.cs,
        roles.super_admin,
        roles.content,
        roles.finance,
        roles.trekker,
      ].map((user) => api('GET', '/notification-deliveries?limit=1', { token: user.token })),
    )
    const create = await api('POST', '/notification-deliveries', {
      token: roles.ops_manager.token,
      body: { key: 'x', channel: 'sms', template: 'sos_alert', to: '+919999999999' },
    })

    expect(reads.map((res) => res.status)).toEqual([200, 200, 200, 403, 403, 403])
    expect(reads[0].body.docs.length).toBe(1)
    expect(create.status).toBe(403)
  })
})
