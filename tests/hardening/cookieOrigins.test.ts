import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { env } from '@/config/env'

import { api } from '../helpers/api'
import { createUser, TEST_PASSWORD, type TestUser } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'

let payload: Payload
let trekker: TestUser
let cookie: string

const APP_ORIGIN = 'https://app.obs.test'
const EVIL_ORIGIN = 'https://evil.example'

const contactsOf = async (userId: number) =>
  (
    await payload.count({
      collection: 'emergency-contacts',
      where: { user: { equals: userId } },
      overrideAccess: true,
    })
  ).totalDocs

const contact = { name: 'Asha Rao', relationship: 'Sister', phone: '+919812345670' }

describe('cookie sessions are honoured only from allowlisted origins', () => {
  beforeAll(async () => {
    payload = await testPayload()
    trekker = await createUser(payload, null)
    const login = await api('POST', '/users/login', {
      body: { email: trekker.email, password: TEST_PASSWORD },
    })
    const setCookie = login.headers.get('set-cookie') ?? ''
    expect(setCookie).toMatch(/payload-token=/)
    expect(setCookie).toMatch(/SameSite=Lax/i)
    expect(setCookie).toMatch(/HttpOnly/i)
    cookie = /payload-token=[^;]+/.exec(setCookie)![0]
  })

  it('reads the allowlist from CORS_ORIGINS, plus SERVER_URL', () => {
    expect(env.corsOrigins).toEqual([APP_ORIGIN])
    expect(payload.config.csrf).toEqual(expect.arrayContaining([APP_ORIGIN, env.serverUrl]))
    expect(payload.config.csrf).not.toContain(EVIL_ORIGIN)
  })

  it.each([
    ['the service itself', { Origin: 'http://localhost:3000' }],
    ['an allowlisted app', { Origin: APP_ORIGIN }],
    ['a same-origin fetch without Origin', { 'Sec-Fetch-Site': 'same-origin' }],
  ])('accepts a cookie write from %s', async (_, headers) => {
    const before = await contactsOf(trekker.id)

    const res = await api('POST', '/emergency-contacts', {
      body: contact,
      headers: { Cookie: cookie, ...headers },
    })

    expect(res.status).toBe(201)
    expect(await contactsOf(trekker.id)).toBe(before + 1)
  })

  it.each([
    ['another origin', { Origin: EVIL_ORIGIN }],
    ['a look-alike origin', { Origin: 'https://app.obs.test.evil.example' }],
    ['the "null" origin of a sandboxed page', { Origin: 'null' }],
    ['a cross-site request without Origin', { 'Sec-Fetch-Site': 'cross-site' }],
    ['a non-browser client with only the cookie', {}],
  ])('treats a cookie write from %s as anonymous and writes nothing', async (_, headers) => {
    const before = await contactsOf(trekker.id)

    const write = await api('POST', '/emergency-contacts', {
      body: contact,
      headers: { Cookie: cookie, ...headers },
    })
    const me = await api('GET', '/users/me', { headers: { Cookie: cookie, ...headers } })

    expect(write.status).toBe(401)
    expect(me.body.user).toBeNull()
    expect(await contactsOf(trekker.id)).toBe(before)
  })

  it('leaves Authorization header tokens (the apps) unaffected by Origin', async () => {
    const before = await contactsOf(trekker.id)

    const jwt = await api('POST', '/emergency-contacts', {
      body: contact,
      headers: { Authorization: `JWT ${trekker.token}`, Origin: EVIL_ORIGIN },
    })
    const bearer = await api('GET', '/users/me', {
      headers: { Authorization: `Bearer ${trekker.token}`, Origin: EVIL_ORIGIN },
    })

    expect(jwt.status).toBe(201)
    expect(bearer.body.user.id).toBe(trekker.id)
    expect(await contactsOf(trekker.id)).toBe(before + 1)
  })

  it('grants CORS with credentials to allowlisted origins only', async () => {
    const allowed = await api('OPTIONS', '/treks', {
      headers: { Origin: APP_ORIGIN, 'Access-Control-Request-Method': 'POST' },
    })
    const refused = await api('OPTIONS', '/treks', {
      headers: { Origin: EVIL_ORIGIN, 'Access-Control-Request-Method': 'POST' },
    })
    const read = await api('GET', '/treks', { headers: { Origin: EVIL_ORIGIN } })

    expect(allowed.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN)
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true')
    expect(refused.headers.get('access-control-allow-origin')).toBeNull()
    expect(read.headers.get('access-control-allow-origin')).toBeNull()
  })
})
