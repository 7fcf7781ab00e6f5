import { afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { env } from '@/config/env'
import { authClock, HOUR } from '@/users/auth/clock'

import { api, graphql } from '../helpers/api'
import { createRoleUsers, createUser, TEST_PASSWORD, unique } from '../helpers/fixtures'
import { runJobs } from '../helpers/jobs'
import { testPayload } from '../helpers/payload'
import { captureLogs } from './helpers/captureLogs'
import { confirmationTokenFor, useSmtpFake } from './helpers/emailChange'
import { expectSession, whoAmI } from './helpers/session'

let payload: Payload
let roles: Awaited<ReturnType<typeof createRoleUsers>>
const realNow = authClock.now

const newAddress = (prefix = 'new') => `${unique(prefix)}@obs.test`.toLowerCase()

const rowOf = async (id: number) =>
  (await payload.db.findOne({ collection: 'users', where: { id: { equals: id } } })) as any

const login = (email: string, password = TEST_PASSWORD) =>
  api('POST', '/users/login', { body: { email, password } })

const requestChange = (user: { id: number; token: string }, email: string) =>
  api('PATCH', `/users/${user.id}`, {
    token: user.token,
    body: { currentPassword: TEST_PASSWORD, email },
  })

const confirm = (token: string, sessionToken?: string) =>
  api('POST', '/users/email/confirm', { body: { token }, token: sessionToken })

const smtp = useSmtpFake()
const linkTokenFor = (address: string) => confirmationTokenFor(payload, smtp, address)

beforeAll(async () => {
  payload = await testPayload()
  roles = await createRoleUsers(payload)
})

afterEach(() => {
  authClock.now = realNow
})

describe('changing one’s own e-mail', () => {
  it('keeps the old address until the new one is confirmed from its inbox (REST)', async () => {
    const user = await createUser(payload, null)
    const next = newAddress()

    const res = await requestChange(user, next)
    expect(res.status).toBe(200)
    expect(res.body.doc.email).toBe(user.email)
    expect(res.body.doc.pendingEmail).toBe(next)
    expect((await login(next)).status).toBe(401)
    expect((await login(user.email)).status).toBe(200)

    const token = await linkTokenFor(next)
    const [toNew] = smtp.to(next)
    expect(toNew.subject).toBe('Confirm your new e-mail address for OBS')
    const link = `${env.serverUrl}/confirm-email?token=${token}`
    expect(toNew.body).toContain(`<a href="${link}">${link}</a>`)
    expect(toNew.body).toContain('within 24 hours')
    const [toOld] = smtp.to(user.email)
    expect(toOld.subject).toBe('Your OBS e-mail address is being changed')
    expect(toOld.body).toContain(`to ${next[0]}***@obs.test was requested`)
    expect(toOld.body).not.toContain(next)

    const done = await confirm(token)
    expect(done.status).toBe(200)
    expect(done.body).toEqual({ message: 'Your e-mail address is changed.', email: next })
    const row = await rowOf(user.id)
    expect(row.email).toBe(next)
    expect(row.pendingEmail ?? null).toBeNull()
    expect(row._verified).toBe(true)
    expect((await login(next)).status).toBe(200)
    expect((await login(user.email)).status).toBe(401)
  })

  it('goes through the same confirmation over GraphQL', async () => {
    const user = await createUser(payload, null)
    const next = newAddress('gql')

    const res = await graphql(
      `
        mutation ($id: Int!, $email: String!, $currentPassword: String!) {
          updateUser(id: $id, data: { email: $email, currentPassword: $currentPassword }) {
            email
            pendingEmail
          }
        }
      `,
      { id: user.id, email: next, currentPassword: TEST_PASSWORD },
      user.token,
    )
    expect(res.body.errors).toBeUndefined()
    expect(res.body.data.updateUser).toEqual({ email: user.email, pendingEmail: next })
    expect((await rowOf(user.id)).email).toBe(user.email)

    expect((await confirm(await linkTokenFor(next))).status).toBe(200)
    expect((await rowOf(user.id)).email).toBe(next)
  })

  it('lets an account without e-mail (phone sign-in) add one the same way', async () => {
    const phoneUser = await createUser(payload, null)
    await payload.db.updateOne({
      collection: 'users',
      id: phoneUser.id,
      data: { email: null, username: unique('u').replace(/-/g, '') },
      returning: false,
    })
    const next = newAddress('added')
    const res = await requestChange(phoneUser, next)
    expect(res.status).toBe(200)
    expect(res.body.doc.email ?? null).toBeNull()
    expect(res.body.doc.pendingEmail).toBe(next)
    expect((await rowOf(phoneUser.id)).email ?? null).toBeNull()
  })

  it('works once: a replayed link is refused and changes nothing', async () => {
    const user = await createUser(payload, null)
    const next = newAddress()
    await requestChange(user, next)
    const token = await linkTokenFor(next)

    expect((await confirm(token)).status).toBe(200)
    const replay = await confirm(token)
    expect(replay.status).toBe(400)
    expect(replay.body.errors[0].message).toBe(
      'This confirmation link is invalid, already used or expired. Ask for the change again.',
    )
    expect((await confirm('x'.repeat(43))).status).toBe(400)
    expect((await api('POST', '/users/email/confirm', { body: {} })).status).toBe(400)
  })

  it('expires after 24 hours', async () => {
    const user = await createUser(payload, null)
    const next = newAddress()
    await requestChange(user, next)
    const token = await linkTokenFor(next)

    authClock.now = () => new Date(Date.now() + 24 * HOUR + 1000)
    expect((await confirm(token)).status).toBe(400)
    expect((await rowOf(user.id)).email).toBe(user.email)
    expect((await login(next)).status).toBe(401)
  })

  it('still works just before the 24 hours are up', async () => {
    const user = await createUser(payload, null)
    const next = newAddress()
    await requestChange(user, next)
    const token = await linkTokenFor(next)

    authClock.now = () => new Date(Date.now() + 24 * HOUR - 60_000)
    expect((await confirm(token)).status).toBe(200)
  })

  it('honours only the newest request', async () => {
    const user = await createUser(payload, null)
    const first = newAddress('first')
    const second = newAddress('second')
    await requestChange(user, first)
    const firstToken = await linkTokenFor(first)
    await requestChange(user, second)
    const secondToken = await linkTokenFor(second)

    expect((await confirm(firstToken)).status).toBe(400)
    expect((await rowOf(user.id)).email).toBe(user.email)
    expect((await confirm(secondToken)).status).toBe(200)
    expect((await rowOf(user.id)).email).toBe(second)
  })

  it('keeps the token only as a hash, out of jobs, deliveries and logs', async () => {
    const user = await createUser(payload, null)
    const next = newAddress()
    const logs = captureLogs(payload)
    let token: string
    let jobs
    try {
      const res = await requestChange(user, next)
      jobs = await payload.db.find({ collection: 'payload-jobs', limit: 200 })
      token = await linkTokenFor(next)
      expect(JSON.stringify(res.body)).not.toContain(token)
      await confirm(token)
    } finally {
      logs.stop()
    }
    const hash = (
      (await payload.db.find({ collection: 'email-changes', where: { user: { equals: user.id } } }))
        .docs[0] as any
    ).tokenHash
    expect(logs.text()).toContain('E-mail change confirmed')
    expect(logs.text()).not.toContain(token)
    expect(logs.text()).not.toContain(hash)
    expect(logs.text()).not.toContain(next)

    expect(JSON.stringify(jobs.docs)).not.toContain(token)
    expect(JSON.stringify(jobs.docs)).not.toContain(next)
    const changes = await payload.db.find({
      collection: 'email-changes',
      where: { user: { equals: user.id } },
    })
    expect(changes.docs).toHaveLength(1)
    expect(JSON.stringify(changes.docs)).not.toContain(token)
    expect((changes.docs[0] as any).tokenHash).toMatch(/^[0-9a-f]{64}$/)
    const deliveries = await payload.find({
      collection: 'notification-deliveries',
      where: { to: { equals: user.email } },
      overrideAccess: true,
    })
    expect(deliveries.docs).toHaveLength(1)
    expect(deliveries.docs[0].template).toBe('email_change_notice')
    expect(JSON.stringify(deliveries.docs)).not.toContain(token)
  })

  it('ends every other sign-in, keeping the one that confirms', async () => {
    const user = await createUser(payload, null)
    const other = expectSession((await login(user.email)).body)
    const next = newAddress()
    await requestChange(user, next)

    expect((await confirm(await linkTokenFor(next), user.token)).status).toBe(200)
    expect((await whoAmI(user.token))?.id).toBe(user.id)
    expect(await whoAmI(other.token)).toBeNull()
    expect(
      (await api('POST', '/users/token/refresh', { body: { refreshToken: other.refreshToken } }))
        .status,
    ).toBe(401)
  })

  it('ends every sign-in when confirmed without one', async () => {
    const user = await createUser(payload, null)
    const next = newAddress()
    await requestChange(user, next)
    expect((await confirm(await linkTokenFor(next))).status).toBe(200)
    expect(await whoAmI(user.token)).toBeNull()
  })

  it('refuses a malformed address naming the field, and refuses removing it', async () => {
    const user = await createUser(payload, null)
    const bad = await requestChange(user, 'not-an-address')
    expect(bad.status).toBe(400)
    expect(bad.body.errors[0].message).toBe('The following field is invalid: email')
    expect(bad.body.errors[0].data.errors[0]).toMatchObject({
      path: 'email',
      message: 'Enter a valid e-mail address.',
    })
    // Payload itself refuses an account left with neither e-mail nor username.
    const removed = await requestChange(user, '')
    expect(removed.status).toBe(400)
    expect(removed.body.errors[0].message).toBe('The following fields are invalid: username, email')
    const row = await rowOf(user.id)
    expect(row.email).toBe(user.email)
    expect(row.pendingEmail ?? null).toBeNull()
  })

  it('saves a profile re-sending the unchanged e-mail without mailing anyone', async () => {
    const user = await createUser(payload, null)
    const res = await api('PATCH', `/users/${user.id}`, {
      token: user.token,
      body: { currentPassword: TEST_PASSWORD, email: user.email.toUpperCase(), bio: 'Hampta Pass' },
    })
    expect(res.status).toBe(200)
    expect(res.body.doc.bio).toBe('Hampta Pass')
    expect(res.body.doc.pendingEmail ?? null).toBeNull()
    await runJobs(payload)
    expect(smtp.to(user.email)).toHaveLength(0)
  })

  it('limits requests to 5 an hour per account, with Retry-After', async () => {
    const user = await createUser(payload, null)
    for (let i = 0; i < 5; i++) {
      expect((await requestChange(user, newAddress('many'))).status).toBe(200)
    }
    const capped = await requestChange(user, newAddress('many'))
    expect(capped.status).toBe(429)
    expect(Number(capped.headers.get('Retry-After'))).toBeGreaterThan(3500)
    expect(capped.body.errors[0].message).toBe(
      'Too many e-mail changes requested. Wait a while and try again.',
    )
  })
})

describe('an attacker pointing their account at a victim’s address', () => {
  it('gets the same answer as for a free address and cannot sign in with it', async () => {
    const victim = await createUser(payload, null)
    const attacker = await createUser(payload, null)

    const taken = await requestChange(attacker, victim.email)
    const free = await requestChange(attacker, newAddress('free'))
    expect(taken.status).toBe(200)
    expect(free.status).toBe(200)
    expect(Object.keys(taken.body).sort()).toEqual(Object.keys(free.body).sort())
    expect(taken.body.message).toBe(free.body.message)

    expect((await login(victim.email, TEST_PASSWORD)).body.user?.id).toBe(victim.id)
    expect((await rowOf(attacker.id)).email).toBe(attacker.email)
    expect((await rowOf(victim.id)).email).toBe(victim.email)
  })

  it('is refused 409 even with the link, and neither account changes', async () => {
    const victim = await createUser(payload, null)
    const attacker = await createUser(payload, null)
    await requestChange(attacker, victim.email)
    const token = await linkTokenFor(victim.email)

    const res = await confirm(token)
    expect(res.status).toBe(409)
    expect(res.body.errors[0].message).toBe(
      'That e-mail address is already used by another account.',
    )
    const attackerRow = await rowOf(attacker.id)
    expect(attackerRow.email).toBe(attacker.email)
    expect(attackerRow.pendingEmail ?? null).toBeNull()
    expect((await rowOf(victim.id)).email).toBe(victim.email)
    expect((await login(victim.email)).body.user.id).toBe(victim.id)
    expect((await confirm(token)).status).toBe(400)
  })

  it('cannot write pendingEmail or confirm without the link', async () => {
    const attacker = await createUser(payload, null)
    const res = await api('PATCH', `/users/${attacker.id}`, {
      token: attacker.token,
      body: { pendingEmail: 'victim@obs.test' },
    })
    expect(res.status).toBe(200)
    expect((await rowOf(attacker.id)).pendingEmail ?? null).toBeNull()
  })
})

describe('who sees and who sets e-mail', () => {
  it('shows pendingEmail to the owner and super_admin only', async () => {
    const user = await createUser(payload, null)
    const next = newAddress()
    await requestChange(user, next)

    expect((await api('GET', `/users/${user.id}`, { token: user.token })).body.pendingEmail).toBe(
      next,
    )
    expect(
      (await api('GET', `/users/${user.id}`, { token: roles.super_admin.token })).body.pendingEmail,
    ).toBe(next)
    for (const role of ['ops_manager', 'cs', 'finance'] as const) {
      const res = await api('GET', `/users/${user.id}`, { token: roles[role].token })
      expect(res.status).toBe(200)
      expect(res.body).not.toHaveProperty('pendingEmail')
      const gql = await graphql(
        `{ User(id: ${user.id}) { pendingEmail } }`,
        undefined,
        roles[role].token,
      )
      expect(gql.body.data?.User?.pendingEmail ?? null).toBeNull()
      const probe = await api(
        'GET',
        `/users?where[pendingEmail][equals]=${encodeURIComponent(next)}&depth=0`,
        { token: roles[role].token },
      )
      expect(probe.status === 200 && probe.body.docs.some((doc: any) => doc.id === user.id)).toBe(
        false,
      )
    }
  })

  it('applies a super_admin’s edit of someone else’s e-mail at once', async () => {
    const user = await createUser(payload, null)
    const next = newAddress('by-admin')
    const res = await api('PATCH', `/users/${user.id}`, {
      token: roles.super_admin.token,
      body: { currentPassword: TEST_PASSWORD, email: next },
    })
    expect(res.status).toBe(200)
    expect(res.body.doc.email).toBe(next)
    expect(res.body.doc.pendingEmail ?? null).toBeNull()
    expect((await login(next)).body.user.id).toBe(user.id)
  })

  it('still refuses cs changing a trekker’s e-mail', async () => {
    const user = await createUser(payload, null)
    const res = await api('PATCH', `/users/${user.id}`, {
      token: roles.cs.token,
      body: { currentPassword: TEST_PASSWORD, email: newAddress('by-cs') },
    })
    expect(res.status).toBe(403)
    const row = await rowOf(user.id)
    expect(row.email).toBe(user.email)
    expect(row.pendingEmail ?? null).toBeNull()
  })
})

describe('a waiting e-mail change when sign-ins end', () => {
  it('survives the asker’s own sign-out everywhere, and its link still works', async () => {
    const user = await createUser(payload, null)
    const next = newAddress('kept')
    expect((await requestChange(user, next)).status).toBe(200)
    const link = await linkTokenFor(next)

    const out = await api('POST', '/users/logout?allSessions=true', { token: user.token })
    expect(out.status).toBe(200)
    expect((await rowOf(user.id)).pendingEmail).toBe(next)
    expect((await confirm(link)).status).toBe(200)
    expect((await rowOf(user.id)).email).toBe(next)
  })

  it('survives a password change by the sign-in that asked for it', async () => {
    const user = await createUser(payload, null)
    const next = newAddress('pw')
    expect((await requestChange(user, next)).status).toBe(200)
    const changed = await api('PATCH', `/users/${user.id}`, {
      token: user.token,
      body: { currentPassword: TEST_PASSWORD, password: 'Another-pass-123' },
    })
    expect(changed.status).toBe(200)
    expect((await rowOf(user.id)).pendingEmail).toBe(next)
    expect((await confirm(await linkTokenFor(next))).status).toBe(200)
  })

  it('ends with the other sign-in that asked for it', async () => {
    const user = await createUser(payload, null)
    const other = await login(user.email)
    expect(other.status).toBe(200)
    const next = newAddress('other')
    expect((await requestChange({ id: user.id, token: other.body.token }, next)).status).toBe(200)
    const link = await linkTokenFor(next)

    const out = await api('POST', '/users/logout?allSessions=true', { token: user.token })
    expect(out.status).toBe(200)
    expect((await rowOf(user.id)).pendingEmail ?? null).toBeNull()
    expect((await confirm(link)).status).toBe(400)
    expect((await rowOf(user.id)).email).toBe(user.email)
  })

  it('ends with every sign-in a staff sign-out ends, the asker’s too', async () => {
    const user = await createUser(payload, null)
    const next = newAddress('staff')
    expect((await requestChange(user, next)).status).toBe(200)
    const link = await linkTokenFor(next)

    const out = await api('POST', `/users/${user.id}/sign-out`, { token: roles.cs.token })
    expect(out.status).toBe(200)
    expect((await rowOf(user.id)).pendingEmail ?? null).toBeNull()
    expect((await confirm(link)).status).toBe(400)
  })
})
