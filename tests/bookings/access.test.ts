import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { api, graphql, qs } from '../helpers/api'
import { createRoleUsers, type TestUser } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'

import { assignGuide, book, bookableBatch, payInFull, readyTrekker } from './support'

let payload: Payload
let roles: Awaited<ReturnType<typeof createRoleUsers>>
let t1: TestUser, t2: TestUser, t3: TestUser, unpaid: TestUser
let b1: number, b2: number, b3: number, unpaidBooking: number
let trekkerIds: number[]

type Caller = keyof Awaited<ReturnType<typeof createRoleUsers>> | 'anonymous' | 't1'

const tokenOf = (caller: Caller) =>
  caller === 'anonymous' ? undefined : caller === 't1' ? t1.token : roles[caller].token

const idsOf = (docs: Array<{ id: number }>) => docs.map((doc) => doc.id).sort((a, b) => a - b)

beforeAll(async () => {
  payload = await testPayload()
  roles = await createRoleUsers(payload)
  const { batch: led } = await bookableBatch(payload)
  const { batch: other } = await bookableBatch(payload)
  await assignGuide(payload, roles.guide, led.id)
  ;[t1, t2, t3] = await Promise.all([
    readyTrekker(payload),
    readyTrekker(payload),
    readyTrekker(payload),
  ])
  trekkerIds = [t1.id, t2.id, t3.id]
  b1 = (await book(t1.token, led.id)).body.doc.id
  // A deposit puts t1 in the departure's party, which the guide may look up; a seat held with
  // nothing paid does not (review round 37).
  await api('POST', `/bookings/${b1}/offline-payment`, {
    token: roles.cs.token,
    body: { amount: 1000, method: 'cash' },
  })
  unpaid = await readyTrekker(payload)
  unpaidBooking = (await book(unpaid.token, led.id)).body.doc.id
  b2 = (await book(t2.token, other.id)).body.doc.id
  b3 = (await book(t3.token, led.id)).body.doc.id
  await api('POST', `/bookings/${b3}/cancel`, { token: t3.token, body: {} })
  for (const trekker of [t1, t2]) {
    await api('POST', '/points-transactions', {
      token: roles.super_admin.token,
      body: { user: trekker.id, amount: 5, reason: 'Welcome' },
    })
  }
})

const listBookings = (caller: Caller) =>
  api('GET', `/bookings?${qs({ where: { id: { in: [b1, b2, b3] } }, limit: 10 })}`, {
    token: tokenOf(caller),
  })
const listContacts = (caller: Caller) =>
  api('GET', `/emergency-contacts?${qs({ where: { user: { in: trekkerIds } }, limit: 10 })}`, {
    token: tokenOf(caller),
  })
const listPoints = (caller: Caller) =>
  api('GET', `/points-transactions?${qs({ where: { user: { in: trekkerIds } }, limit: 10 })}`, {
    token: tokenOf(caller),
  })

async function contactOwners(caller: Caller) {
  const res = await listContacts(caller)
  return res.status === 200
    ? res.body.docs
        .map((doc: any) => (typeof doc.user === 'object' ? doc.user.id : doc.user))
        .sort()
    : res.status
}

async function pointOwners(caller: Caller) {
  const res = await listPoints(caller)
  return res.status === 200
    ? res.body.docs
        .map((doc: any) => (typeof doc.user === 'object' ? doc.user.id : doc.user))
        .sort()
    : res.status
}

describe('reading bookings, emergency contacts and points over REST', () => {
  it('follows the contract matrix for bookings', async () => {
    const expected: Record<Caller, number[] | number> = {
      anonymous: 401,
      t1: [b1],
      content: 403,
      ops_manager: [b1, b2, b3],
      cs: [b1, b2, b3],
      finance: [b1, b2, b3],
      guide: [b1, b3],
      super_admin: [b1, b2, b3],
      trekker: [],
    }
    for (const [caller, want] of Object.entries(expected) as Array<[Caller, number[] | number]>) {
      const res = await listBookings(caller)
      expect([caller, res.status === 200 ? idsOf(res.body.docs) : res.status]).toEqual([
        caller,
        want,
      ])
    }
  })

  it('shows a guide the roster of their batches without the money', async () => {
    const res = await listBookings('guide')
    const doc = res.body.docs.find((row: any) => row.id === b1)
    expect(doc).toMatchObject({
      trekkerPhone: expect.any(String),
      emergencyContactName: 'Asha Rao',
      healthDeclarationSigned: false,
    })
    for (const field of ['finalAmount', 'amountPaid', 'balanceDue', 'baseAmount', 'refundDue']) {
      expect(doc).not.toHaveProperty(field)
    }
    expect((await api('GET', `/bookings/${b2}`, { token: roles.guide.token })).status).toBe(404)
    for (const query of [
      { where: { amountPaid: { greater_than: -1 } } },
      { sort: 'finalAmount' },
    ]) {
      const probe = await api('GET', `/bookings?${qs(query)}`, { token: roles.guide.token })
      expect(probe.status).toBe(400)
      expect(probe.body.errors[0].message).toMatch(/cannot be queried/)
    }
  })

  it("hides from the guide an unpaid hold's phone, e-mail, age and contact, not its name", async () => {
    // A seat held with nothing paid says nothing about who will be on the mountain: the guide
    // sees that the seat is held and by whom, as on the roster, and nothing to reach them by.
    const personal = [
      'trekkerPhone',
      'trekkerEmail',
      'trekkerAge',
      'emergencyContactName',
      'emergencyContactPhone',
      'emergencyContactRelation',
    ]
    const rest = await api('GET', `/bookings/${unpaidBooking}`, { token: roles.guide.token })
    expect(rest.status).toBe(200)
    expect(rest.body).toMatchObject({ status: 'pending', trekkerName: expect.any(String) })
    for (const field of personal) {
      expect(rest.body).not.toHaveProperty(field)
    }
    const gql = await graphql(
      `query { Booking(id: ${unpaidBooking}) { trekkerName ${personal.join(' ')} } }`,
      undefined,
      roles.guide.token,
    )
    expect(gql.body.errors).toBeUndefined()
    expect(gql.body.data.Booking.trekkerName).toEqual(expect.any(String))
    for (const field of personal) {
      expect(gql.body.data.Booking[field]).toBeNull()
    }
    // The desk still reads all of it.
    const desk = await api('GET', `/bookings/${unpaidBooking}`, { token: roles.cs.token })
    expect(desk.body).toMatchObject({
      trekkerPhone: expect.any(String),
      emergencyContactName: 'Asha Rao',
    })
  })

  it('follows the contract matrix for emergency contacts', async () => {
    expect(await contactOwners('anonymous')).toBe(401)
    expect(await contactOwners('t1')).toEqual([t1.id])
    expect(await contactOwners('ops_manager')).toEqual([...trekkerIds].sort())
    expect(await contactOwners('cs')).toEqual([...trekkerIds].sort())
    expect(await contactOwners('super_admin')).toEqual([...trekkerIds].sort())
    expect(await contactOwners('guide')).toEqual([t1.id])
    expect(await contactOwners('finance')).toBe(403)
    expect(await contactOwners('content')).toBe(403)
  })

  it('follows the contract matrix for points transactions', async () => {
    expect(await pointOwners('anonymous')).toBe(401)
    expect(await pointOwners('t1')).toEqual([t1.id])
    for (const caller of ['ops_manager', 'cs', 'finance', 'super_admin'] as const) {
      expect(await pointOwners(caller)).toEqual([t1.id, t2.id].sort())
    }
    expect(await pointOwners('guide')).toBe(403)
    expect(await pointOwners('content')).toBe(403)
  })

  it('lets a guide read the trekkers booked on their batches and no one else', async () => {
    const res = await api('GET', `/users?${qs({ where: { id: { in: trekkerIds } } })}`, {
      token: roles.guide.token,
    })
    expect(res.status).toBe(200)
    expect(idsOf(res.body.docs)).toEqual([t1.id])
    expect(res.body.docs[0].phone).toEqual(expect.stringMatching(/^\+91/))
    expect((await api('GET', `/users/${t2.id}`, { token: roles.guide.token })).status).toBe(404)
    expect((await api('GET', `/users/${t3.id}`, { token: roles.guide.token })).status).toBe(404)
    expect((await api('GET', `/users/${unpaid.id}`, { token: roles.guide.token })).status).toBe(404)
    expect(
      (await api('GET', `/users/${roles.guide.id}`, { token: roles.guide.token })).status,
    ).toBe(200)
  })
})

describe('reading over GraphQL', () => {
  const query = `query ($b1: Int, $b2: Int, $b3: Int, $users: [JSON]) {
    Bookings(where: { OR: [{ id: { equals: $b1 } }, { id: { equals: $b2 } }, { id: { equals: $b3 } }] }) {
      docs { id finalAmount trekkerName }
    }
    EmergencyContacts(where: { user: { in: $users } }) { docs { id user { id } } }
    PointsTransactions(where: { user: { in: $users } }) { docs { id } }
  }`

  it.each([
    ['anonymous', false, false, false],
    ['t1', true, true, true],
    ['content', false, false, false],
    ['ops_manager', true, true, true],
    ['cs', true, true, true],
    ['finance', true, false, true],
    ['guide', true, true, false],
    ['super_admin', true, true, true],
  ] as Array<[Caller, boolean, boolean, boolean]>)(
    'as %s',
    async (caller, bookings, contacts, points) => {
      const res = await graphql(query, { b1, b2, b3, users: trekkerIds }, tokenOf(caller))
      const data = res.body.data ?? {}
      const expectList = (list: any, allowed: boolean) =>
        allowed ? expect(list?.docs).toBeDefined() : expect(list).toBeFalsy()
      expectList(data.Bookings, bookings)
      expectList(data.EmergencyContacts, contacts)
      expectList(data.PointsTransactions, points)

      const bookingIds = idsOf(data.Bookings?.docs ?? [])
      const contactOwners = (data.EmergencyContacts?.docs ?? [])
        .map((doc: any) => doc.user?.id)
        .sort()
      const rest = await Promise.all([
        listBookings(caller),
        contactOwnersOf(caller),
        listPoints(caller),
      ])
      expect(bookingIds).toEqual(rest[0].status === 200 ? idsOf(rest[0].body.docs) : [])
      expect(contactOwners).toEqual(rest[1])
      expect((data.PointsTransactions?.docs ?? []).length).toBe(
        rest[2].status === 200 ? rest[2].body.docs.length : 0,
      )
      if (caller === 'guide') {
        expect(data.Bookings.docs.every((doc: any) => doc.finalAmount === null)).toBe(true)
      }
    },
  )

  async function contactOwnersOf(caller: Caller) {
    const owners = await contactOwners(caller)
    return typeof owners === 'number' ? [] : owners
  }
})

describe('writing over GraphQL', () => {
  it('refuses bookings and contacts from roles that may not create them', async () => {
    const { batch } = await bookableBatch(payload)
    const createBooking = `mutation ($batch: Int!, $user: Int) {
      createBooking(data: { batch: $batch, user: $user }) { id }
    }`
    const createContact = `mutation {
      createEmergencyContact(data: { name: "A", relationship: "B", phone: "+919855555555" }) { id }
    }`
    for (const caller of ['anonymous', 'finance', 'content', 'guide'] as Caller[]) {
      const booking = await graphql(
        createBooking,
        { batch: batch.id, user: t1.id },
        tokenOf(caller),
      )
      expect(booking.body.errors?.[0].message).toMatch(
        caller === 'anonymous' ? /^Sign in to do this/ : /not allowed/i,
      )
    }
    for (const caller of [
      'anonymous',
      'ops_manager',
      'cs',
      'finance',
      'content',
      'guide',
    ] as Caller[]) {
      const contact = await graphql(createContact, {}, tokenOf(caller))
      expect(contact.body.errors?.[0].message).toMatch(
        caller === 'anonymous' ? /^Sign in to do this/ : /not allowed/i,
      )
    }
    const own = await graphql(createContact, {}, t1.token)
    expect(own.body.data?.createEmergencyContact.id).toEqual(expect.any(Number))
    const byCs = await graphql(createBooking, { batch: batch.id, user: t2.id }, roles.cs.token)
    expect(byCs.body.data?.createBooking.id).toEqual(expect.any(Number))
    expect((await payload.findByID({ collection: 'batches', id: batch.id })).bookedSeats).toBe(1)
  })
})

describe('writing emergency contacts', () => {
  it('files a trekker’s contact under the trekker, whatever user the body names', async () => {
    const res = await api('POST', '/emergency-contacts', {
      token: t1.token,
      body: { user: t2.id, name: 'Neha', relationship: 'Friend', phone: '+919822222222' },
    })
    expect(res.status).toBe(201)
    const row = await payload.findByID({
      collection: 'emergency-contacts',
      id: res.body.doc.id,
      overrideAccess: true,
      depth: 0,
    })
    expect(row.user).toBe(t1.id)
    expect(
      (
        await api('PATCH', `/emergency-contacts/${row.id}`, {
          token: t1.token,
          body: { user: t2.id },
        })
      ).status,
    ).toBe(200)
    expect(
      (
        await payload.findByID({
          collection: 'emergency-contacts',
          id: row.id,
          overrideAccess: true,
          depth: 0,
        })
      ).user,
    ).toBe(t1.id)
  })

  it('keeps other people’s contacts out of reach', async () => {
    const { docs } = await payload.find({
      collection: 'emergency-contacts',
      where: { user: { equals: t2.id } },
      overrideAccess: true,
      depth: 0,
    })
    const theirs = docs[0].id
    expect(
      (
        await api('PATCH', `/emergency-contacts/${theirs}`, {
          token: t1.token,
          body: { name: 'Hacked' },
        })
      ).status,
    ).toBe(403)
    expect((await api('DELETE', `/emergency-contacts/${theirs}`, { token: t1.token })).status).toBe(
      403,
    )
    for (const role of ['ops_manager', 'cs', 'finance', 'content', 'guide'] as const) {
      const body = { name: 'Staff', relationship: 'Colleague', phone: '+919833333333' }
      expect(
        (await api('POST', '/emergency-contacts', { token: roles[role].token, body })).status,
      ).toBe(403)
      expect(
        (
          await api('PATCH', `/emergency-contacts/${theirs}`, {
            token: roles[role].token,
            body: { name: 'x' },
          })
        ).status,
      ).toBe(403)
    }
    expect(
      (
        await api('POST', '/emergency-contacts', {
          body: { name: 'A', relationship: 'B', phone: '+919833333333' },
        })
      ).status,
    ).toBe(401)
    expect(
      (
        await payload.findByID({
          collection: 'emergency-contacts',
          id: theirs,
          overrideAccess: true,
        })
      ).name,
    ).toBe('Asha Rao')
  })

  it('lets a super admin file a contact for a named trekker, and validates phones', async () => {
    const res = await api('POST', '/emergency-contacts', {
      token: roles.super_admin.token,
      body: { user: t2.id, name: 'Office', relationship: 'Employer', phone: '+919844444444' },
    })
    expect(res.status).toBe(201)
    expect(
      (
        await payload.findByID({
          collection: 'emergency-contacts',
          id: res.body.doc.id,
          overrideAccess: true,
          depth: 0,
        })
      ).user,
    ).toBe(t2.id)
    const bad = await api('POST', '/emergency-contacts', {
      token: t1.token,
      body: { name: 'A', relationship: 'B', phone: '98123' },
    })
    expect(bad.status).toBe(400)
  })
})

describe('what finance reads on a booking', () => {
  // Finance reads a trekker's name and e-mail only (contract): the booking's copies of their
  // phone, age and emergency contact are hidden from it as the profile's own fields are.
  const PERSONAL = [
    'trekkerAge',
    'trekkerPhone',
    'emergencyContactName',
    'emergencyContactPhone',
    'emergencyContactRelation',
  ]

  it('lists bookings with the trekker’s name and e-mail but not their phone, age or contact', async () => {
    const finance = (await listBookings('finance')).body.docs.find((row: any) => row.id === b1)
    const desk = (await listBookings('ops_manager')).body.docs.find((row: any) => row.id === b1)

    expect(finance).toMatchObject({ trekkerName: expect.any(String), trekkerEmail: t1.email })
    for (const field of PERSONAL) {
      expect(finance).not.toHaveProperty(field)
    }
    expect(desk).toMatchObject({
      trekkerAge: expect.any(Number),
      trekkerPhone: expect.any(String),
      emergencyContactName: 'Asha Rao',
    })
  })

  it.each(PERSONAL)('refuses finance a filter or a sort on %s', async (field) => {
    for (const query of [{ where: { [field]: { exists: true } } }, { sort: `-${field}` }]) {
      const probe = await api('GET', `/bookings?${qs(query)}`, { token: roles.finance.token })
      expect({ status: probe.status, message: probe.body.errors?.[0]?.message }).toEqual({
        status: 400,
        message: `The following path cannot be queried: ${field}`,
      })
    }
  })

  it('hides them over GraphQL and in the offline-payment answer as well', async () => {
    const res = await graphql(
      `
        query ($id: Int!) {
          Booking(id: $id) {
            trekkerName
            trekkerAge
            trekkerPhone
            emergencyContactName
            emergencyContactPhone
            emergencyContactRelation
          }
          Bookings(where: { emergencyContactPhone: { exists: true } }) {
            totalDocs
          }
        }
      `,
      { id: b1 },
      roles.finance.token,
    )
    expect(res.body.data?.Booking).toEqual({
      trekkerName: expect.any(String),
      trekkerAge: null,
      trekkerPhone: null,
      emergencyContactName: null,
      emergencyContactPhone: null,
      emergencyContactRelation: null,
    })
    expect(res.body.errors?.map((error: { message: string }) => error.message)).toEqual([
      'The following path cannot be queried: emergencyContactPhone',
    ])

    const { batch } = await bookableBatch(payload)
    const trekker = await readyTrekker(payload)
    const booked = await book(trekker.token, batch.id)
    const paid = await payInFull(payload, roles.finance.token, booked.body.doc.id)
    expect(paid.status).toBe(201)
    expect(paid.body.doc.trekkerEmail).toBe(trekker.email)
    for (const field of PERSONAL) {
      expect(paid.body.doc).not.toHaveProperty(field)
    }
  })
})
