import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { api } from '../helpers/api'
import { createRoleUsers, createUser, TEST_PASSWORD } from '../helpers/fixtures'
import { runJobs } from '../helpers/jobs'
import { testPayload } from '../helpers/payload'
import { createBooking, createTrekBatch } from '../helpers/trips'
import { startFakeGoogle } from '../users/helpers/fakeIdentityProviders'
import { startFakeSms, uniqueIp } from '../users/helpers/fakeSms'
import { trekkerWithHistory } from './account'

let payload: Payload
let staff: Awaited<ReturnType<typeof createRoleUsers>>

beforeAll(async () => {
  payload = await testPayload()
  staff = await createRoleUsers(payload)
})

const erase = (target: number | 'me', token: string | undefined, body: unknown = {}) =>
  api('POST', `/users/${target}/erase`, { token, body })

const rowOf = (collection: any, id: number) =>
  payload.db.findOne({ collection, where: { id: { equals: id } } }) as Promise<any>

const count = async (collection: any, where: any) =>
  (await payload.db.count({ collection, where })).totalDocs

describe('POST /api/users/me/erase by the trekker', () => {
  it('removes personal data in one go, keeps bookings and payments anonymised, and locks every way in', async () => {
    const history = await trekkerWithHistory(payload)
    const { user } = history
    const login = await api('POST', '/users/login', {
      body: { email: user.email, password: TEST_PASSWORD },
    })
    expect(login.status).toBe(200)
    const change = await api('PATCH', `/users/${user.id}`, {
      token: user.token,
      body: { currentPassword: TEST_PASSWORD, email: `new-${user.id}@example.test` },
    })
    expect(change.status).toBe(200)
    expect(await count('email-changes', { user: { equals: user.id } })).toBe(1)

    const res = await erase('me', user.token, { password: TEST_PASSWORD })

    expect(res.status).toBe(200)
    const row = await rowOf('users', user.id)
    expect(row).toMatchObject({
      email: null,
      phone: null,
      firstName: null,
      lastName: null,
      bio: null,
      dateOfBirth: null,
      googleSub: null,
      appleSub: null,
      erasedAt: expect.any(String),
      pendingEmail: null,
      pendingPhone: null,
    })
    expect(await count('email-changes', { user: { equals: user.id } })).toBe(0)
    expect(row.username).toMatch(new RegExp(`^erased_${user.id}_`))
    expect(row.sessions ?? []).toEqual([])
    expect(await count('emergency-contacts', { user: { equals: user.id } })).toBe(0)
    expect(await count('posts', { author: { equals: user.id } })).toBe(0)
    expect(await rowOf('bookings', history.booking.id)).toMatchObject({
      user: user.id,
      status: 'completed',
      finalAmount: 14500,
      amountPaid: 14500,
      trekkerName: 'Erased trekker',
      trekkerAge: null,
      trekkerPhone: null,
      trekkerEmail: null,
      emergencyContactName: null,
      emergencyContactPhone: null,
      emergencyContactRelation: null,
      createdAt: history.booking.createdAt,
    })
    expect(await rowOf('payments', history.payment.id)).toMatchObject({
      booking: history.booking.id,
      amount: 14500,
      status: 'success',
      razorpayOrderId: history.payment.razorpayOrderId,
      razorpayPaymentId: history.payment.razorpayPaymentId,
    })
    expect(await rowOf('points-transactions', history.points.id)).toMatchObject({ amount: 100 })
    const incident = await rowOf('incidents', history.incident.id)
    expect(incident).toMatchObject({ message: null, latitude: null, longitude: null })
    expect(incident.log.map((entry: any) => entry.note)).toEqual(['[erased]'])
    expect(await rowOf('notification-deliveries', history.delivery.id)).toMatchObject({
      to: '[erased]',
      params: null,
      status: 'sent',
    })
    const refresh = await payload.db.find({
      collection: 'refresh-tokens',
      where: { user: { equals: user.id } },
      pagination: false,
    })
    expect(refresh.docs.length).toBeGreaterThan(0)
    expect(refresh.docs.every((t: any) => t.revokedAt)).toBe(true)

    // No way back in: the old access token, the refresh token, the password.
    expect((await api('GET', '/users/me', { token: user.token })).body.user).toBeNull()
    expect((await api('GET', '/users/me/export', { token: login.body.token })).status).toBe(401)
    const refreshed = await api('POST', '/users/token/refresh', {
      body: { refreshToken: login.body.refreshToken },
    })
    expect(refreshed.status).toBe(401)
    const again = await api('POST', '/users/login', {
      body: { email: user.email, password: TEST_PASSWORD },
    })
    expect(again.status).toBe(401)
    expect(
      (
        await api('POST', '/users/login', {
          body: { username: row.username, password: TEST_PASSWORD },
        })
      ).status,
    ).toBe(401)

    // The e-mail is free again: the same person may sign up as somebody new.
    const fresh = await api('POST', '/users', {
      body: { email: user.email, password: TEST_PASSWORD, firstName: 'Asha', lastName: 'Again' },
    })
    expect(fresh.status).toBe(201)
    expect(fresh.body.doc.id).not.toBe(user.id)
  })

  it('accepts a fresh code sent to the account phone; the phone then signs up a new account', async () => {
    const sms = await startFakeSms()
    try {
      const { user, phone } = await trekkerWithHistory(payload)
      const sendCode = () =>
        api('POST', '/users/otp/request', {
          body: { phone },
          headers: { 'X-Forwarded-For': uniqueIp() },
        })
      expect((await sendCode()).status).toBe(202)
      await runJobs(payload)

      const res = await erase('me', user.token, { code: sms.lastCodeFor(phone) })

      expect(res.status).toBe(200)
      await payload.db.deleteMany({ collection: 'auth-throttles', where: {} })
      expect((await sendCode()).status).toBe(202)
      await runJobs(payload)
      const signIn = await api('POST', '/users/otp/verify', {
        body: { phone, code: sms.lastCodeFor(phone) },
      })
      expect(signIn.status).toBe(200)
      expect(signIn.body.isNewUser).toBe(true)
      expect(signIn.body.user.id).not.toBe(user.id)
    } finally {
      await sms.close()
    }
  })

  it('refuses without a confirmation, or with a wrong one, and changes nothing', async () => {
    const { user, contact } = await trekkerWithHistory(payload)

    const none = await erase('me', user.token, {})
    const wrong = await erase('me', user.token, { password: 'Not-the-password-1' })
    const badCode = await erase('me', user.token, { code: '123456' })

    expect(none.status).toBe(400)
    expect(none.body.errors[0].message).toMatch(/password.*code/)
    expect(wrong.status).toBe(401)
    expect(wrong.body.errors[0].message).toBe('The password is wrong.')
    expect(badCode.status).toBe(401)
    expect((await rowOf('users', user.id)).email).toBe(user.email)
    expect(await rowOf('emergency-contacts', contact.id)).not.toBeNull()
    expect((await erase('me', undefined, { password: TEST_PASSWORD })).status).toBe(401)
  })

  it('refuses with 409 while a confirmed trek is ahead or an SOS is open', async () => {
    const upcoming = await trekkerWithHistory(payload)
    const { batch } = await createTrekBatch(payload)
    const booking = await createBooking(payload, upcoming.user, batch, 'confirmed')
    const sos = await trekkerWithHistory(payload)
    await payload.db.updateOne({
      collection: 'incidents',
      id: sos.incident.id,
      data: { status: 'acknowledged' },
    })

    const trek = await erase('me', upcoming.user.token, { password: TEST_PASSWORD })
    const open = await erase('me', sos.user.token, { password: TEST_PASSWORD })

    expect(trek.status).toBe(409)
    expect(trek.body.errors[0].message).toBe(
      `Booking ${booking.id} is a confirmed trek that has not ended yet. Erase the account after the trek, or cancel the booking first.`,
    )
    expect(open.status).toBe(409)
    expect(open.body.errors[0].message).toBe(
      `SOS incident ${sos.incident.id} is still open. The account can be erased once it is resolved.`,
    )
    expect((await rowOf('users', upcoming.user.id)).email).toBe(upcoming.user.email)
    expect((await rowOf('users', sos.user.id)).erasedAt ?? null).toBeNull()
  })

  it('tells a deposit holder with a balance still due who can settle it (not to wait for a hold)', async () => {
    // A deposit keeps its seat for good: no hold expires, and once the trek has begun only the
    // desk may cancel. The refusal must not send the trekker to wait for an expiry that never comes.
    const DAY = 24 * 60 * 60 * 1000
    const trekker = await createUser(payload, null)
    const { batch } = await createTrekBatch(payload, {
      startDate: new Date(Date.now() - 20 * DAY).toISOString(),
      endDate: new Date(Date.now() - 15 * DAY).toISOString(),
      status: 'completed',
    })
    const deposit = await createBooking(payload, trekker, batch, 'pending', {
      amountPaid: 3000,
      balanceDue: 11500,
    })

    const refused = await erase('me', trekker.token, { password: TEST_PASSWORD })

    expect(refused.status).toBe(409)
    expect(refused.body.errors[0].message).toBe(
      `Booking ${deposit.id} holds its seat by a deposit, with a balance still due. ` +
        'Cancel it before erasing the account; once its trek has begun, our support team can settle or cancel it.',
    )
    expect((await rowOf('users', trekker.id)).email).toBe(trekker.email)
  })

  it('rolls everything back when a step fails half-way', async () => {
    const history = await trekkerWithHistory(payload)
    const db = payload.db as any
    const original = db.deleteMany
    db.deleteMany = async (args: any) => {
      if (args.collection === 'posts') {
        throw new Error('disk full')
      }
      return original.call(db, args)
    }
    let res
    try {
      res = await erase('me', history.user.token, { password: TEST_PASSWORD })
    } finally {
      db.deleteMany = original
    }

    expect(res.status).toBe(500)
    const row = await rowOf('users', history.user.id)
    expect(row).toMatchObject({ email: history.user.email, phone: history.phone, erasedAt: null })
    expect(await rowOf('emergency-contacts', history.contact.id)).not.toBeNull()
    expect((await rowOf('bookings', history.booking.id)).trekkerName).toBe('Asha Rawat')
    expect((await api('GET', '/users/me', { token: history.user.token })).body.user.id).toBe(
      history.user.id,
    )
  })
})

describe('erasure racing a new booking', () => {
  it('never both: either the booking is refused or the erasure is (409)', async () => {
    for (let round = 0; round < 4; round += 1) {
      const { user } = await trekkerWithHistory(payload)
      const { batch } = await createTrekBatch(payload)
      const [erased, booked] = await Promise.all([
        erase('me', user.token, { password: TEST_PASSWORD }),
        api('POST', '/bookings', { token: user.token, body: { batch: batch.id } }),
      ])
      const bookings = await payload.db.find({
        collection: 'bookings',
        where: { batch: { equals: batch.id } },
        pagination: false,
      })
      if (erased.status === 200) {
        expect([400, 401, 403]).toContain(booked.status)
        expect(bookings.docs).toHaveLength(0)
      } else {
        expect(erased.status).toBe(409)
        expect(booked.status).toBe(201)
        expect(bookings.docs.map((b: any) => b.trekkerEmail)).toEqual([user.email])
      }
    }
  })
})

describe('POST /api/users/:id/erase by staff', () => {
  it('cs and super_admin erase a trekker on request, with a reason', async () => {
    for (const role of ['cs', 'super_admin'] as const) {
      const { user } = await trekkerWithHistory(payload)
      const missing = await erase(user.id, staff[role].token, {})
      const res = await erase(user.id, staff[role].token, {
        reason: 'Ticket 4411: asked by e-mail',
      })

      expect(missing.status).toBe(400)
      expect(missing.body.errors[0].message).toBe('reason is required.')
      expect(res.status).toBe(200)
      expect((await rowOf('users', user.id)).erasedAt).toEqual(expect.any(String))
      expect((await erase(user.id, staff[role].token, { reason: 'again' })).status).toBe(404)
    }
  })

  it('other roles, other trekkers, and staff targets are refused', async () => {
    const { user } = await trekkerWithHistory(payload)
    const other = await createUser(payload, null)

    for (const role of ['ops_manager', 'finance', 'content', 'guide'] as const) {
      const res = await erase(user.id, staff[role].token, { reason: 'x' })
      expect(res.status).toBe(403)
    }
    expect((await erase(user.id, other.token, { password: TEST_PASSWORD })).status).toBe(403)
    const onStaff = await erase(staff.finance.id, staff.cs.token, { reason: 'x' })
    expect(onStaff.status).toBe(403)
    expect(onStaff.body.errors[0].message).toBe(
      'Staff accounts are not erased here; a super admin closes them.',
    )
    expect((await erase('me', staff.ops_manager.token, { password: TEST_PASSWORD })).status).toBe(
      403,
    )
    expect((await rowOf('users', user.id)).erasedAt ?? null).toBeNull()
  })

  it('a Google account erased by cs signs in again only as a brand-new account', async () => {
    const google = await startFakeGoogle()
    try {
      const sub = `g-erase-${Date.now()}`
      const idToken = await google.sign(sub, { claims: { email_verified: false } })
      const first = await api('POST', '/users/google', { body: { idToken } })
      expect(first.status).toBe(200)

      expect(
        (await erase(first.body.user.id, staff.cs.token, { reason: 'Asked in the app' })).status,
      ).toBe(200)

      // A new token for the same Google account: each ID token signs in once.
      const again = await google.sign(sub, { claims: { email_verified: false } })
      const second = await api('POST', '/users/google', { body: { idToken: again } })
      expect(second.status).toBe(200)
      expect(second.body.isNewUser).toBe(true)
      expect(second.body.user.id).not.toBe(first.body.user.id)
      expect((await rowOf('users', first.body.user.id)).googleSub).toBeNull()
    } finally {
      await google.close()
    }
  })
})
