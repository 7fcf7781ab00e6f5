import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { env } from '@/config/env'

import { book, bookableBatch, readyTrekker } from '../bookings/support'
import { api } from '../helpers/api'
import {
  createRoleUsers,
  createUser,
  TEST_PASSWORD,
  unique,
  type TestUser,
} from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'

let payload: Payload
let roles: Awaited<ReturnType<typeof createRoleUsers>>

/** What only the trekker (and the staff who look after trekkers) may read on an account. */
const PRIVATE_USER_FIELDS = [
  'phone',
  'bio',
  'dateOfBirth',
  'obsPoints',
  'tribeTier',
  'googleSub',
  'appleSub',
  'erasedAt',
]

/** A trekker whose account has every private field filled in. */
async function trekkerWithPrivateFields() {
  return readyTrekker(payload, {
    bio: 'Climbs on weekends',
    tribeHandle: unique('handle'),
    googleSub: unique('google-sub'),
    appleSub: unique('apple-sub'),
  })
}

async function pendingBooking(trekker: TestUser) {
  const { batch } = await bookableBatch(payload, { startsInDays: 45, price: 12000 })
  const booked = await book(trekker.token, batch.id)
  expect(booked.status).toBe(201)
  return booked.body.doc.id as number
}

beforeAll(async () => {
  payload = await testPayload()
  env.opsOncall = []
  roles = await createRoleUsers(payload)
})

// Every custom endpoint that answers with a document answers with it as the caller may read
// it: exactly what GET on that document shows the same caller, never a copy read with access
// overridden or populated past what the caller may see.
describe('POST /api/bookings/:id/offline-payment answers as the caller may read', () => {
  it.each(['finance', 'cs'] as const)(
    'shows %s the booking and payment exactly as their GET does',
    async (role) => {
      const trekker = await trekkerWithPrivateFields()
      const id = await pendingBooking(trekker)
      const staff = roles[role]

      const res = await api('POST', `/bookings/${id}/offline-payment`, {
        token: staff.token,
        body: { amount: 2000, method: 'cash', reference: 'Desk receipt 7' },
      })

      expect(res.status).toBe(201)
      const booking = await api('GET', `/bookings/${id}`, { token: staff.token })
      expect(res.body.doc).toEqual(booking.body)
      const payment = await api('GET', `/payments/${res.body.payment.id}?depth=0`, {
        token: staff.token,
      })
      expect(res.body.payment).toEqual(payment.body)
    },
  )

  it("keeps the trekker's private fields out of finance's answer", async () => {
    const trekker = await trekkerWithPrivateFields()
    const id = await pendingBooking(trekker)

    const res = await api('POST', `/bookings/${id}/offline-payment`, {
      token: roles.finance.token,
      body: { amount: 2000, method: 'upi' },
    })

    expect(res.status).toBe(201)
    expect(res.body.doc.user).toMatchObject({ id: trekker.id, email: trekker.email })
    for (const field of PRIVATE_USER_FIELDS) {
      expect(res.body.doc.user).not.toHaveProperty(field)
    }
  })
})

describe('POST /api/bookings/:id/cancel answers as the caller may read', () => {
  it('shows the owner their booking exactly as their GET does', async () => {
    const trekker = await trekkerWithPrivateFields()
    const id = await pendingBooking(trekker)

    const res = await api('POST', `/bookings/${id}/cancel`, {
      token: trekker.token,
      body: { reason: 'Change of plans' },
    })

    expect(res.status).toBe(200)
    const booking = await api('GET', `/bookings/${id}`, { token: trekker.token })
    expect(res.body.doc).toEqual(booking.body)
  })
})

describe('SOS endpoints answer as the caller may read', () => {
  it('shows the trekker their new incident exactly as their GET does', async () => {
    const trekker = await trekkerWithPrivateFields()

    const res = await api('POST', '/incidents', {
      token: trekker.token,
      body: { clientId: unique('sos'), message: 'Twisted ankle below the pass' },
    })

    expect(res.status).toBe(201)
    const incident = await api('GET', `/incidents/${res.body.doc.id}?depth=0`, {
      token: trekker.token,
    })
    expect(res.body.doc).toEqual(incident.body)
  })

  it('shows the handler the acknowledged incident exactly as their GET does', async () => {
    const trekker = await trekkerWithPrivateFields()
    const raised = await api('POST', '/incidents', {
      token: trekker.token,
      body: { clientId: unique('sos'), message: 'Out of water' },
    })
    const id = raised.body.doc.id as number

    const res = await api('POST', `/incidents/${id}/acknowledge`, {
      token: roles.cs.token,
      body: { note: 'Calling the guide' },
    })

    expect(res.status).toBe(200)
    const incident = await api('GET', `/incidents/${id}?depth=0`, { token: roles.cs.token })
    expect(res.body.doc).toEqual(incident.body)
  })
})

describe('sign-in endpoints answer with the account as its holder may read it', () => {
  it('gives a refreshed session the user exactly as their own GET shows it', async () => {
    const trekker = await createUser(payload, null, { bio: 'Climbs on weekends' })
    const login = await api('POST', '/users/login', {
      body: { email: trekker.email, password: TEST_PASSWORD },
    })

    const res = await api('POST', '/users/token/refresh', {
      body: { refreshToken: login.body.refreshToken },
    })

    expect(res.status).toBe(200)
    const own = await api('GET', `/users/${trekker.id}`, { token: res.body.token })
    expect(res.body.user).toEqual(own.body)
    expect(res.body.user).not.toHaveProperty('sessions')
    expect(res.body.user).not.toHaveProperty('hash')
  })
})
