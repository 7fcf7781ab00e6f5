import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { authClock, DAY } from '@/users/auth/clock'

import { api } from '../helpers/api'
import { runJobs } from '../helpers/jobs'
import { testPayload } from '../helpers/payload'
import { captureLogs } from './helpers/captureLogs'
import { confirmationTokenFor, useSmtpFake } from './helpers/emailChange'
import { startFakeSms, uniqueIp, uniqueMobile } from './helpers/fakeSms'
import { useFreshCodes } from './helpers/freshCodes'
import { expectSession, whoAmI } from './helpers/session'

/**
 * A phone account (made by OTP, no address) whose password someone else has: the address they
 * add is texted to the account's phone at the request, and at the confirmation the phone gets
 * a link that takes the address off again (POST /api/users/email/undo).
 */
let payload: Payload
let sms: Awaited<ReturnType<typeof startFakeSms>>
const code = useFreshCodes(() => sms)
const mail = useSmtpFake()

const OWNER_PASSWORD = 'Owner-chosen-pass-1'
const BAD_UNDO_LINK =
  'This undo link is invalid, already used or expired. Reply to the e-mail it came in for help.'

beforeAll(async () => {
  payload = await testPayload()
  sms = await startFakeSms()
})

afterAll(async () => {
  await sms.close()
})

const rowOf = async (id: number) =>
  (await payload.db.findOne({ collection: 'users', where: { id: { equals: id } } })) as any

const textsTo = (phone: string, template: string) =>
  sms.received.filter((message) => message.to === phone && message.templateId === template)

const undo = (token: string, password: string) =>
  api('POST', '/users/email/undo', {
    body: { token, password },
    headers: { 'X-Forwarded-For': uniqueIp() },
  })

/** A phone account that set a password (with a code); answers its id, number and username. */
async function phoneAccountWithPassword() {
  const national = uniqueMobile()
  const owner = await api('POST', '/users/otp/verify', {
    body: { phone: national, code: await code(national) },
  })
  expect(owner.status).toBe(200)
  const id = owner.body.user.id as number
  const set = await api('PATCH', `/users/${id}`, {
    token: owner.body.token,
    body: { password: OWNER_PASSWORD, currentCode: await code(national) },
  })
  expect(set.status).toBe(200)
  return { id, national, phone: `+91${national}`, username: set.body.doc.username as string }
}

/** Someone with the password signs in by username and asks to add their inbox. */
async function thiefAddsInbox(account: { id: number; username: string }) {
  const login = await api('POST', '/users/login', {
    body: { username: account.username, password: OWNER_PASSWORD },
  })
  const thief = expectSession(login.body)
  const thiefInbox = `thief-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@mail.test`
  const asked = await api('PATCH', `/users/${account.id}`, {
    token: thief.token,
    body: { email: thiefInbox, currentPassword: OWNER_PASSWORD },
  })
  expect(asked.status).toBe(200)
  return { thief, thiefInbox }
}

async function confirmFrom(thiefInbox: string, thiefToken: string) {
  return api('POST', '/users/email/confirm', {
    token: thiefToken,
    body: { token: await confirmationTokenFor(payload, mail, thiefInbox) },
  })
}

/** The token in the newest undo link texted to `phone`, once the queue ran. */
async function undoTokenTextedTo(phone: string) {
  await runJobs(payload)
  const texts = textsTo(phone, 'email_added_undo')
  expect(texts.length).toBeGreaterThan(0)
  const match = /undo-email-change\?token=([A-Za-z0-9_-]{43})$/.exec(
    texts[texts.length - 1].params.link,
  )
  expect(match).not.toBeNull()
  return match![1]
}

async function takenOver() {
  const account = await phoneAccountWithPassword()
  const { thief, thiefInbox } = await thiefAddsInbox(account)
  expect((await confirmFrom(thiefInbox, thief.token)).status).toBe(200)
  return { account, thief, thiefInbox }
}

describe('an e-mail address added to a phone account', () => {
  it('is texted to the phone at the request and taken off with the texted link (REST, end to end)', async () => {
    const logs = captureLogs(payload)
    let undoToken = ''
    try {
      const account = await phoneAccountWithPassword()
      const { thief, thiefInbox } = await thiefAddsInbox(account)

      // The request: the phone hears of it, with the address masked and the remedy named.
      await runJobs(payload)
      const [requestText] = textsTo(account.phone, 'email_change_notice')
      expect(requestText).toBeDefined()
      expect(requestText.params.newEmail).not.toContain(thiefInbox.split('@')[0])
      expect(requestText.params.newEmail).toMatch(/\*/)
      const notice = await payload.find({
        collection: 'notification-deliveries',
        where: { to: { equals: account.phone }, template: { equals: 'email_change_notice' } },
        overrideAccess: true,
      })
      expect(notice.docs).toHaveLength(1)
      expect(notice.docs[0].channel).toBe('sms')

      // The confirmation: the address is the thief's, resets go there, the phone gets the link.
      expect((await confirmFrom(thiefInbox, thief.token)).status).toBe(200)
      expect((await rowOf(account.id)).email).toBe(thiefInbox)
      expect(
        (await api('POST', '/users/forgot-password', { body: { email: thiefInbox } })).status,
      ).toBe(200)
      expect(typeof (await rowOf(account.id)).resetPasswordToken).toBe('string')
      undoToken = await undoTokenTextedTo(account.phone)
      const [undoText] = textsTo(account.phone, 'email_added_undo')
      expect(undoText.params.validDays).toBe('7')
      expect(undoText.params.newEmail).not.toContain(thiefInbox.split('@')[0])
      const change = (await payload.db.findOne({
        collection: 'email-changes',
        where: { user: { equals: account.id }, undoTokenHash: { exists: true } },
      })) as any
      expect(change.previousPhone).toBe(account.phone)
      expect(change.previousEmail ?? null).toBeNull()
      expect(change.undoTokenHash).not.toContain(undoToken)

      // The undo: no address again, a new password, the thief's sign-ins and reset link gone.
      const undone = await undo(undoToken, 'Owner-takes-it-back-1')
      expect(undone.status).toBe(200)
      expect(undone.body.email).toBeNull()
      const row = await rowOf(account.id)
      expect(row.email ?? null).toBeNull()
      expect(row.pendingEmail ?? null).toBeNull()
      expect(row.resetPasswordToken ?? null).toBeNull()
      expect(row.phone).toBe(account.phone)
      expect(row.phoneVerified).toBe(true)
      expect(await whoAmI(thief.token)).toBeNull()
      const thiefLogin = await api('POST', '/users/login', {
        body: { username: account.username, password: OWNER_PASSWORD },
      })
      expect(thiefLogin.status).toBe(401)
      expect(
        (await api('POST', '/users/forgot-password', { body: { email: thiefInbox } })).status,
      ).toBe(200)
      expect((await rowOf(account.id)).resetPasswordToken ?? null).toBeNull()

      // The owner signs in to the same account, by code and by username with the new password.
      const byCode = await api('POST', '/users/otp/verify', {
        body: { phone: account.national, code: await code(account.national) },
      })
      expect(byCode.status).toBe(200)
      expect(byCode.body.user.id).toBe(account.id)
      const byPassword = await api('POST', '/users/login', {
        body: { username: account.username, password: 'Owner-takes-it-back-1' },
      })
      expect(byPassword.status).toBe(200)
      expect(byPassword.body.user.id).toBe(account.id)
    } finally {
      logs.stop()
    }

    // The token never sits anywhere staff or logs can read.
    expect(undoToken).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(logs.text()).not.toContain(undoToken)
    const deliveries = await payload.db.find({
      collection: 'notification-deliveries',
      limit: 1000,
    })
    expect(JSON.stringify(deliveries.docs)).not.toContain(undoToken)
    const jobs = await payload.db.find({ collection: 'payload-jobs', limit: 1000 })
    expect(JSON.stringify(jobs.docs)).not.toContain(undoToken)
  })

  it('is one use and lasts 7 days', async () => {
    const first = await takenOver()
    const token = await undoTokenTextedTo(first.account.phone)
    expect((await undo(token, 'Owner-takes-it-back-1')).status).toBe(200)
    const replay = await undo(token, 'Thief-tries-again-1')
    expect(replay.status).toBe(400)
    expect(replay.body.errors[0].message).toBe(BAD_UNDO_LINK)

    const second = await takenOver()
    const late = await undoTokenTextedTo(second.account.phone)
    const clock = authClock.now
    authClock.now = () => new Date(clock().getTime() + 7 * DAY + 60_000)
    try {
      const expired = await undo(late, 'Owner-takes-it-back-1')
      expect(expired.status).toBe(400)
      expect(expired.body.errors[0].message).toBe(BAD_UNDO_LINK)
    } finally {
      authClock.now = clock
    }
    expect((await rowOf(second.account.id)).email).toBe(second.thiefInbox)
  })

  it('gives back the texted phone when the thief changed it since', async () => {
    const { account, thief } = await takenOver()
    const token = await undoTokenTextedTo(account.phone)
    const thiefSim = uniqueMobile()
    const moved = await api('POST', '/users/phone/change', {
      token: thief.token,
      body: { phone: thiefSim, code: await code(thiefSim), currentPassword: OWNER_PASSWORD },
    })
    expect(moved.status).toBe(200)
    expect((await rowOf(account.id)).phone).toBe(`+91${thiefSim}`)

    expect((await undo(token, 'Owner-takes-it-back-1')).status).toBe(200)
    const row = await rowOf(account.id)
    expect(row.phone).toBe(account.phone)
    expect(row.email ?? null).toBeNull()
    const byCode = await api('POST', '/users/otp/verify', {
      body: { phone: account.national, code: await code(account.national) },
    })
    expect(byCode.body.user?.id).toBe(account.id)
  })

  it('keeps the texted number from opening an account of its own while the link lives', async () => {
    const { account, thief } = await takenOver()
    const token = await undoTokenTextedTo(account.phone)
    const thiefSim = uniqueMobile()
    const moved = await api('POST', '/users/phone/change', {
      token: thief.token,
      body: { phone: thiefSim, code: await code(thiefSim), currentPassword: OWNER_PASSWORD },
    })
    expect(moved.status).toBe(200)
    // The owner signs in by OTP as always: no empty account is opened for the number.
    const byPhone = await api('POST', '/users/otp/verify', {
      body: { phone: account.national, code: await code(account.national) },
    })
    expect(byPhone.status).toBe(409)
    expect(byPhone.body.errors[0].message).toMatch(/Use that link first/)

    const undone = await undo(token, 'Owner-takes-it-back-1')
    expect(undone.status).toBe(200)
    expect(await rowOf(account.id)).toMatchObject({ phone: account.phone, phoneVerified: true })
    const again = await api('POST', '/users/otp/verify', {
      body: { phone: account.national, code: await code(account.national) },
    })
    expect(again.body.user?.id).toBe(account.id)
  })

  it('is stopped by the owner signing out everywhere before it is confirmed', async () => {
    const account = await phoneAccountWithPassword()
    const { thief, thiefInbox } = await thiefAddsInbox(account)
    const owner = await api('POST', '/users/otp/verify', {
      body: { phone: account.national, code: await code(account.national) },
    })
    expect(owner.status).toBe(200)
    const out = await api('POST', '/users/logout?allSessions=true', { token: owner.body.token })
    expect(out.status).toBe(200)
    expect((await rowOf(account.id)).pendingEmail ?? null).toBeNull()
    const confirmed = await confirmFrom(thiefInbox, thief.token)
    expect(confirmed.status).toBe(400)
    const row = await rowOf(account.id)
    expect(row.email ?? null).toBeNull()
    await runJobs(payload)
    expect(textsTo(account.phone, 'email_added_undo')).toHaveLength(0)
  })
})
