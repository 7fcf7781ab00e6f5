import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { quickTrekker } from '../bookings/support'
import { api, graphql } from '../helpers/api'
import { testPayload } from '../helpers/payload'

let payload: Payload

const contact = (phone: string) => ({ name: 'Asha Rao', relationship: 'Sister', phone })

const CREATE = `mutation ($data: mutationEmergencyContactInput!) {
  createEmergencyContact(data: $data) { id phone }
}`

const storedPhone = async (id: number) =>
  (await payload.findByID({ collection: 'emergency-contacts', id, depth: 0, overrideAccess: true }))
    .phone

beforeAll(async () => {
  payload = await testPayload()
})

// Every contact is texted on an SOS; one number in any spelling is one phone, as the README
// promises and as sign-in phones and OPS_ONCALL already are.
describe('emergency contact phones are stored in E.164', () => {
  it.each(['+919812345671', '09812345671', '98123 45671', '+91 98123 45671', '9812345671'])(
    'accepts %s over REST as +919812345671',
    async (phone) => {
      const trekker = await quickTrekker(payload)

      const res = await api('POST', '/emergency-contacts', {
        token: trekker.token,
        body: contact(phone),
      })

      expect(res.status).toBe(201)
      expect(res.body.doc.phone).toBe('+919812345671')
      expect(await storedPhone(res.body.doc.id)).toBe('+919812345671')
    },
  )

  it('normalises a phone changed with PATCH', async () => {
    const trekker = await quickTrekker(payload)
    const created = await api('POST', '/emergency-contacts', {
      token: trekker.token,
      body: contact('+919812345671'),
    })

    const res = await api('PATCH', `/emergency-contacts/${created.body.doc.id}`, {
      token: trekker.token,
      body: { phone: '098765-43210' },
    })

    expect(res.status).toBe(200)
    expect(res.body.doc.phone).toBe('+919876543210')
  })

  it('normalises over GraphQL', async () => {
    const trekker = await quickTrekker(payload)

    const res = await graphql(CREATE, { data: contact('+91 98123 45671') }, trekker.token)

    expect(res.body.errors).toBeUndefined()
    expect(res.body.data?.createEmergencyContact.phone).toBe('+919812345671')
  })

  it.each(['98123', 'call my sister', '+91 00000 00000', '+999 12345678', ''])(
    'refuses %j with 400 naming the phone',
    async (phone) => {
      const trekker = await quickTrekker(payload)

      const res = await api('POST', '/emergency-contacts', {
        token: trekker.token,
        body: contact(phone),
      })

      expect(res.status).toBe(400)
      expect(res.body.errors[0].message).toBe('The following field is invalid: Phone')
      expect(res.body.errors[0].data.errors[0]).toMatchObject({
        path: 'phone',
        message: 'Enter a valid phone number, for example +91 98123 45678',
      })
      const { totalDocs } = await payload.count({
        collection: 'emergency-contacts',
        where: { user: { equals: trekker.id } },
        overrideAccess: true,
      })
      expect(totalDocs).toBe(0)
    },
  )

  it('refuses an invalid phone over GraphQL, naming the field', async () => {
    const trekker = await quickTrekker(payload)

    const res = await graphql(CREATE, { data: contact('98123') }, trekker.token)

    expect(res.body.data?.createEmergencyContact ?? null).toBeNull()
    expect(res.body.errors?.[0].extensions?.statusCode).toBe(400)
    expect(res.body.errors?.[0].extensions?.data.errors[0]).toMatchObject({ path: 'phone' })
  })
})
