import { afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { sql } from '@payloadcms/db-postgres'
import type { PostgresAdapter } from '@payloadcms/db-postgres'
import type { Payload } from 'payload'

import { env } from '@/config/env'
import { authClock, DAY } from '@/users/auth/clock'

import { api } from '../helpers/api'
import { createUser, TEST_PASSWORD, unique } from '../helpers/fixtures'
import { uniquePhone } from '../helpers/jobs'
import { noticesTo } from '../helpers/notices'
import { testPayload } from '../helpers/payload'
import { captureLogs } from './helpers/captureLogs'
import { confirmationTokenFor, undoTokenMailedTo, useSmtpFake } from './helpers/emailChange'
import { useFakeIdentityProviders } from './helpers/fakeIdentityProviders'
import { expectSession, whoAmI } from './helpers/session'

/**
 * Whoever has a trekker's password can move the account's e-mail to their own inbox; the old
 * address then gets a link that takes the account back (POST /api/users/email/undo).
 */
let payload: Payload
const realNow = authClock.now
const smtp = useSmtpFake()
const { google } = useFakeIdentityProviders()

const OWNER_PASSWORD = 'Owner-takes-it-back-1'
const BAD_UNDO_LINK =
  'This undo link is invalid, already used or expired. Reply to the e-mail it came in for help.'

let ipCounter = 0
/** Each test undoes from its own client address, so the per-IP budget of one never hits another. */
const freshIp = () => `10.77.${Math.floor(ipCounter / 250)}.${(ipCounter++ % 250) + 1}`

const inbox = (prefix: string) => `${unique(prefix)}@mail.test`.toLowerCase()

const rowOf = async (id: number) =>
  (await payload.db.findOne({ collection: 'users', where: { id: { equals: id } } })) as any

const login = (email: string, password: string) =>
  api('POST', '/users/login', { body: { email, password } })

const undo = (token: string, password: string, ip: string, sessionToken?: string) =>
  api('POST', '/users/email/undo', {
    body: { token, password },
    token: sessionToken,
    headers: { 'X-Forwarded-For': ip },
  })

/** The thief, signed in with the password, moves the account to `to` and confirms from there. */
async function moveAddress(account: { id: number }, thiefToken: string, to: string) {
  const asked = await api('PATCH', `/users/${account.id}`, {
    token: thiefToken,
    body: { currentPassword: TEST_PASSWORD, email: to },
  })
  expect(asked.status).toBe(200)
  const confirmed = await api('POST', '/users/email/confirm', {
    body: { token: await confirmationTokenFor(payload, smtp, to) },
    token: thiefToken,
  })
  expect(confirmed.status).toBe(200)
}

/** An owner whose password the thief has: the thief signs in and takes the address. */
async function takenOver() {
  const owner = await createUser(payload, null)
  const thief = expectSession((await login(owner.email, TEST_PASSWORD)).body)
  const thiefInbox = inbox('thief')
  await moveAddress(owner, thief.token, thiefInbox)
  return { owner, thief, thiefInbox }
}

beforeAll(async () => {
  payload = await testPayload()
})

afterEach(() => {
  authClock.now = realNow
})

describe('taking an account back after an e-mail change nobody asked for', () => {
  it('puts the old address back with a new password and shuts the thief out (REST, end to end)', async () => {
    const logs = captureLogs(payload)
    let undoToken = ''
    let jobs: unknown[] = []
    let resetToken = ''
    const { owner, thief, thiefInbox } = await takenOver()
    try {
      // The thief also had a Google account linked by its verified address and a new phone.
      await payload.db.updateOne({
        collection: 'users',
        id: owner.id,
        data: { googleSub: 'thief-google-sub', googleLinkedBy: null, phone: uniquePhone() },
        returning: false,
      })
      await (payload.db as unknown as PostgresAdapter).drizzle.execute(
        sql`update users set phone_verified = true, phone_changed_at = now() where id = ${owner.id}`,
      )
      expect(await whoAmI(owner.token)).toBeNull()
      expect((await rowOf(owner.id)).email).toBe(thiefInbox)
      // And asked for a reset link, which now comes to the thief's inbox.
      const forgot = await api('POST', '/users/forgot-password', { body: { email: thiefInbox } })
      expect(forgot.status).toBe(200)
      resetToken = (await rowOf(owner.id)).resetPasswordToken
      expect(resetToken).toMatch(/^[0-9a-f]{40}$/)

      jobs = (await payload.db.find({ collection: 'payload-jobs', limit: 200 })).docs
      undoToken = await undoTokenMailedTo(payload, smtp, owner.email)
      const [notice] = smtp
        .to(owner.email)
        .filter((m) => m.subject === 'Your OBS e-mail address was changed')
      const link = `${env.emailUndoUrl}?token=${undoToken}`
      expect(notice.body).toContain(`<a href="${link}">${link}</a>`)
      expect(notice.body).toContain('within 7 days')
      expect(notice.body).toContain(`changed to ${thiefInbox[0]}***@mail.test`)
      expect(notice.body).not.toContain(thiefInbox)
      // The thief's inbox never sees the link.
      expect(
        smtp
          .to(thiefInbox)
          .map((m) => m.body)
          .join('\n'),
      ).not.toContain(undoToken)

      const res = await undo(undoToken, OWNER_PASSWORD, freshIp())
      expect(res.status).toBe(200)
      expect(res.body).toEqual({
        message: 'Your e-mail address is back and your password is changed. Sign in again.',
        email: owner.email,
      })
      // Not signed in by the undo.
      expect(res.headers.get('set-cookie')).toBeNull()
      expect(JSON.stringify(res.body)).not.toContain('token')
    } finally {
      logs.stop()
    }

    const row = await rowOf(owner.id)
    expect(row.email).toBe(owner.email)
    expect(row._verified).toBe(true)
    expect(row.pendingEmail ?? null).toBeNull()
    expect(row.googleSub ?? null).toBeNull()
    expect(row.googleSubDropped).toBe('thief-google-sub')
    expect(row.phone ?? null).toBeNull()
    expect(row.phoneVerified).toBe(false)

    // The thief: session, refresh token and password no longer work, at either address.
    expect(await whoAmI(thief.token)).toBeNull()
    const refresh = await api('POST', '/users/token/refresh', {
      body: { refreshToken: thief.refreshToken },
    })
    expect(refresh.status).toBe(401)
    expect((await login(thiefInbox, TEST_PASSWORD)).status).toBe(401)
    expect((await login(owner.email, TEST_PASSWORD)).status).toBe(401)
    const reset = await api('POST', '/users/reset-password', {
      body: { token: resetToken, password: 'Thief-resets-1' },
    })
    expect(reset.status).not.toBe(200)
    expect((await login(owner.email, 'Thief-resets-1')).status).toBe(401)
    // The owner signs in at the old address with the new password.
    expectSession((await login(owner.email, OWNER_PASSWORD)).body)

    // The password change is told to the restored address only.
    expect(await noticesTo(payload, owner.email)).toContain('password_changed_notice')
    expect(await noticesTo(payload, thiefInbox)).not.toContain('password_changed_notice')
    expect(smtp.to(owner.email).map((m) => m.subject)).toContain('Your OBS password was changed')
    expect(smtp.to(thiefInbox).map((m) => m.subject)).not.toContain('Your OBS password was changed')

    // No token, hash or new password in the logs; the link travels only sealed.
    const hash = (
      (
        await payload.db.find({
          collection: 'email-changes',
          where: { user: { equals: owner.id } },
        })
      ).docs[0] as any
    ).undoTokenHash
    expect(hash).toMatch(/^[0-9a-f]{64}$/)
    expect(logs.text()).toContain('E-mail change undone')
    for (const secret of [undoToken, hash, OWNER_PASSWORD]) {
      expect(logs.text()).not.toContain(secret)
    }
    expect(JSON.stringify(jobs)).not.toContain(undoToken)
    const deliveries = await payload.find({
      collection: 'notification-deliveries',
      where: { to: { equals: owner.email } },
      overrideAccess: true,
    })
    expect(JSON.stringify(deliveries.docs)).not.toContain(undoToken)
  })

  it('works once, and refuses unknown tokens and missing passwords', async () => {
    const { owner } = await takenOver()
    const token = await undoTokenMailedTo(payload, smtp, owner.email)
    const ip = freshIp()

    expect((await undo(token, OWNER_PASSWORD, ip)).status).toBe(200)
    const replay = await undo(token, 'Another-pass-2', ip)
    expect(replay.status).toBe(400)
    expect(replay.body.errors[0].message).toBe(BAD_UNDO_LINK)
    expect((await login(owner.email, OWNER_PASSWORD)).status).toBe(200)

    const unknown = await undo('x'.repeat(43), OWNER_PASSWORD, ip)
    expect(unknown.status).toBe(400)
    expect(unknown.body.errors[0].message).toBe(BAD_UNDO_LINK)
    const noPassword = await api('POST', '/users/email/undo', {
      body: { token },
      headers: { 'X-Forwarded-For': ip },
    })
    expect(noPassword.status).toBe(400)
    expect(noPassword.body.errors[0].message).toBe('password is required.')
    const noToken = await api('POST', '/users/email/undo', {
      body: { password: OWNER_PASSWORD },
      headers: { 'X-Forwarded-For': ip },
    })
    expect(noToken.status).toBe(400)
    expect(noToken.body.errors[0].message).toBe('token is required.')
  })

  it('expires after 7 days, and works just before', async () => {
    const late = await takenOver()
    const lateToken = await undoTokenMailedTo(payload, smtp, late.owner.email)
    const early = await takenOver()
    const earlyToken = await undoTokenMailedTo(payload, smtp, early.owner.email)

    authClock.now = () => new Date(Date.now() + 7 * DAY + 1000)
    const expired = await undo(lateToken, OWNER_PASSWORD, freshIp())
    expect(expired.status).toBe(400)
    expect(expired.body.errors[0].message).toBe(BAD_UNDO_LINK)
    expect((await rowOf(late.owner.id)).email).toBe(late.thiefInbox)
    expect(await whoAmI(late.thief.token)).not.toBeNull()

    authClock.now = () => new Date(Date.now() + 7 * DAY - 60_000)
    expect((await undo(earlyToken, OWNER_PASSWORD, freshIp())).status).toBe(200)
    expect((await rowOf(early.owner.id)).email).toBe(early.owner.email)
  })

  it('refuses a password the project refuses, naming it, and changes nothing', async () => {
    const { owner, thief, thiefInbox } = await takenOver()
    const token = await undoTokenMailedTo(payload, smtp, owner.email)
    const ip = freshIp()

    const weak = await undo(token, 'ab', ip)
    expect(weak.status).toBe(400)
    expect(weak.body.errors[0].message).toBe('The following field is invalid: password')
    expect(weak.body.errors[0].data.errors[0]).toMatchObject({
      path: 'password',
      message: 'Use a password of at least 8 characters.',
    })
    const row = await rowOf(owner.id)
    expect(row.email).toBe(thiefInbox)
    expect(await whoAmI(thief.token)).not.toBeNull()
    expect((await login(thiefInbox, TEST_PASSWORD)).status).toBe(200)

    // The link was not spent: with an acceptable password it still works.
    expect((await undo(token, OWNER_PASSWORD, ip)).status).toBe(200)
    expect((await rowOf(owner.id)).email).toBe(owner.email)
  })

  it('answers 409 and changes nothing when the old address now belongs to another account', async () => {
    const { owner, thief, thiefInbox } = await takenOver()
    const token = await undoTokenMailedTo(payload, smtp, owner.email)
    const squatter = await payload.create({
      collection: 'users',
      data: { email: owner.email, password: TEST_PASSWORD, firstName: 'Other' } as any,
      overrideAccess: true,
      disableVerificationEmail: true,
    })
    const ip = freshIp()

    const taken = await undo(token, OWNER_PASSWORD, ip)
    expect(taken.status).toBe(409)
    expect(taken.body.errors[0].message).toBe(
      'Your old e-mail address now belongs to another account, so it cannot be put back. ' +
        'Reply to the e-mail with the undo link for help.',
    )
    const row = await rowOf(owner.id)
    expect(row.email).toBe(thiefInbox)
    expect(await whoAmI(thief.token)).not.toBeNull()
    expect((await login(thiefInbox, TEST_PASSWORD)).status).toBe(200)
    expect(await noticesTo(payload, thiefInbox)).not.toContain('password_changed_notice')

    // Nothing spent: once the address is free again, the same link works.
    await payload.delete({ collection: 'users', id: squatter.id, overrideAccess: true })
    expect((await undo(token, OWNER_PASSWORD, ip)).status).toBe(200)
    expect((await rowOf(owner.id)).email).toBe(owner.email)
  })

  it('keeps the old address from sign-ups while its link lives, so nobody can block the undo', async () => {
    const { owner } = await takenOver()
    const signUp = () =>
      api('POST', '/users', {
        body: { email: owner.email.toUpperCase(), password: TEST_PASSWORD, firstName: 'Squat' },
        headers: { 'X-Forwarded-For': freshIp() },
      })

    const refused = await signUp()
    expect(refused.status).toBe(400)
    expect(refused.body.errors[0].data.errors).toEqual([
      { message: 'A user with the given email is already registered.', path: 'email' },
    ])
    expect(
      await payload.db.findOne({ collection: 'users', where: { firstName: { equals: 'Squat' } } }),
    ).toBeNull()

    // Once the link has expired the address is free like any other.
    authClock.now = () => new Date(Date.now() + 7 * DAY + 1000)
    const later = await signUp()
    expect(later.status).toBe(201)
    expect(later.body.doc.email).toBe(owner.email)
    await payload.delete({ collection: 'users', id: later.body.doc.id, overrideAccess: true })
  })

  it('keeps the old address from a super admin’s edit of another account too', async () => {
    const { owner } = await takenOver()
    const admin = await createUser(payload, 'super_admin')
    const other = await createUser(payload, null)

    const edited = await api('PATCH', `/users/${other.id}`, {
      token: admin.token,
      body: { email: owner.email },
    })
    expect(edited.status).toBe(400)
    expect(edited.body.errors[0].data.errors).toEqual([
      { message: 'A user with the given email is already registered.', path: 'email' },
    ])
    expect((await rowOf(other.id)).email).toBe(other.email)
    // Any other address is the admin's to give.
    const fresh = inbox('fixed-by-admin')
    const allowed = await api('PATCH', `/users/${other.id}`, {
      token: admin.token,
      body: { email: fresh },
    })
    expect(allowed.status).toBe(200)
    expect((await rowOf(other.id)).email).toBe(fresh)
  })

  it('keeps the old address from a Google sign-up too, pointing to the undo link', async () => {
    const { owner } = await takenOver()
    const sub = `google-undo-${unique('g')}`
    const refused = await api('POST', '/users/google', {
      body: {
        idToken: await google.sign(sub, { claims: { email: owner.email, email_verified: true } }),
      },
    })
    expect(refused.status).toBe(409)
    expect(refused.body.errors[0].message).toMatch(
      /Use that link first \(POST \/api\/users\/email\/undo\)/,
    )
    expect(
      await payload.db.findOne({ collection: 'users', where: { googleSub: { equals: sub } } }),
    ).toBeNull()

    // After the undo the address is the owner's again, and Google links itself by it.
    expect(
      (await undo(await undoTokenMailedTo(payload, smtp, owner.email), OWNER_PASSWORD, freshIp()))
        .status,
    ).toBe(200)
    const signedIn = await api('POST', '/users/google', {
      body: {
        idToken: await google.sign(sub, { claims: { email: owner.email, email_verified: true } }),
      },
    })
    expect(signedIn.status).toBe(200)
    expect(signedIn.body.user.id).toBe(owner.id)
  })

  it('survives a second change: the owner’s link puts back the first address and spends the thief’s', async () => {
    const { owner, thief, thiefInbox } = await takenOver()
    const ownerToken = await undoTokenMailedTo(payload, smtp, owner.email)
    const second = inbox('second')
    await moveAddress(owner, thief.token, second)
    // The second change's link went to the thief's first inbox.
    const thiefToken = await undoTokenMailedTo(payload, smtp, thiefInbox)

    expect((await undo(ownerToken, OWNER_PASSWORD, freshIp())).status).toBe(200)
    expect((await rowOf(owner.id)).email).toBe(owner.email)

    const back = await undo(thiefToken, 'Thief-wants-it-2', freshIp())
    expect(back.status).toBe(400)
    expect(back.body.errors[0].message).toBe(BAD_UNDO_LINK)
    expect((await rowOf(owner.id)).email).toBe(owner.email)
    expect((await login(owner.email, OWNER_PASSWORD)).status).toBe(200)
  })

  it('survives the thief undoing their own second change first', async () => {
    const { owner, thief, thiefInbox } = await takenOver()
    const ownerToken = await undoTokenMailedTo(payload, smtp, owner.email)
    await moveAddress(owner, thief.token, inbox('second'))
    const thiefToken = await undoTokenMailedTo(payload, smtp, thiefInbox)

    expect((await undo(thiefToken, 'Thief-wants-it-2', freshIp())).status).toBe(200)
    expect((await rowOf(owner.id)).email).toBe(thiefInbox)

    expect((await undo(ownerToken, OWNER_PASSWORD, freshIp())).status).toBe(200)
    expect((await rowOf(owner.id)).email).toBe(owner.email)
    expect((await login(thiefInbox, 'Thief-wants-it-2')).status).toBe(401)
    expect((await login(owner.email, OWNER_PASSWORD)).status).toBe(200)
  })

  it('ignores whoever is signed in on the request', async () => {
    const { owner, thief } = await takenOver()
    const token = await undoTokenMailedTo(payload, smtp, owner.email)
    const bystander = await createUser(payload, null)

    const res = await undo(token, OWNER_PASSWORD, freshIp(), bystander.token)
    expect(res.status).toBe(200)
    expect((await rowOf(owner.id)).email).toBe(owner.email)
    expect(await whoAmI(thief.token)).toBeNull()
    expect((await whoAmI(bystander.token))?.id).toBe(bystander.id)
  })

  it('allows 10 failed tries an hour per client address, then 429', async () => {
    const ip = freshIp()
    for (let i = 0; i < 10; i++) {
      expect((await undo('y'.repeat(43), OWNER_PASSWORD, ip)).status).toBe(400)
    }
    const limited = await undo('y'.repeat(43), OWNER_PASSWORD, ip)
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/)
    expect((await undo('y'.repeat(43), OWNER_PASSWORD, freshIp())).status).toBe(400)
  })
})
