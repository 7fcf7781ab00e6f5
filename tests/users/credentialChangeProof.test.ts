import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { api, graphql } from '../helpers/api'
import { createRoleUsers, createUser, TEST_PASSWORD, unique } from '../helpers/fixtures'
import { runJobs } from '../helpers/jobs'
import { testPayload } from '../helpers/payload'
import { useSmtpFake } from './helpers/emailChange'
import { startFakeSms, uniqueMobile } from './helpers/fakeSms'
import { useFreshCodes } from './helpers/freshCodes'

/**
 * A stolen access token alone must not change how an account signs in: a new password,
 * e-mail or phone on one's own account needs the current password or a code sent to the
 * account's proven phone (`currentPassword` / `currentCode`).
 */
let payload: Payload
let roles: Awaited<ReturnType<typeof createRoleUsers>>
let sms: Awaited<ReturnType<typeof startFakeSms>>
const code = useFreshCodes(() => sms)
const smtp = useSmtpFake()

beforeAll(async () => {
  payload = await testPayload()
  roles = await createRoleUsers(payload)
  sms = await startFakeSms()
})

afterAll(async () => {
  await sms.close()
})

const rowOf = async (id: number) =>
  (await payload.db.findOne({ collection: 'users', where: { id: { equals: id } } })) as any

const signIn = (email: string, password = TEST_PASSWORD) =>
  api('POST', '/users/login', { body: { email, password } })

/** An account made by OTP: its password is random, its phone proven. */
async function phoneAccount() {
  const national = uniqueMobile()
  const verified = await api('POST', '/users/otp/verify', {
    body: { phone: national, code: await code(national) },
  })
  expect(verified.status).toBe(200)
  return { id: verified.body.user.id as number, token: verified.body.token as string, national }
}

describe('a new password on one’s own account', () => {
  it('without proof is 400 naming the fields, and nothing changes', async () => {
    const owner = await createUser(payload, null)
    const before = await rowOf(owner.id)
    const res = await api('PATCH', `/users/${owner.id}`, {
      token: owner.token,
      body: { password: 'Brand-new-pass-1', firstName: 'Changed' },
    })
    expect(res.status).toBe(400)
    expect(res.body.errors[0].message).toBe(
      'Confirm the new password with your current password, or with a code sent to your phone (POST /api/users/otp/request), as "currentPassword" or "currentCode".',
    )
    const after = await rowOf(owner.id)
    expect(after.hash).toBe(before.hash)
    expect(after.firstName).toBe('Test')
    expect((await api('GET', '/users/me', { token: owner.token })).body.user.id).toBe(owner.id)
  })

  it('with a wrong current password is 401 and changes nothing', async () => {
    const owner = await createUser(payload, null)
    const res = await api('PATCH', `/users/${owner.id}`, {
      token: owner.token,
      body: { password: 'Brand-new-pass-1', currentPassword: 'not-the-password' },
    })
    expect(res.status).toBe(401)
    expect(res.body.errors[0].message).toBe('The current password is wrong.')
    expect((await signIn(owner.email, 'Brand-new-pass-1')).status).toBe(401)
    expect((await signIn(owner.email)).status).toBe(200)
  })

  it('with the current password is changed; the proof is never stored or echoed', async () => {
    const owner = await createUser(payload, null)
    const res = await api('PATCH', `/users/${owner.id}`, {
      token: owner.token,
      body: { password: 'Brand-new-pass-1', currentPassword: TEST_PASSWORD },
    })
    expect(res.status).toBe(200)
    expect(JSON.stringify(res.body)).not.toContain(TEST_PASSWORD)
    expect(res.body.doc).not.toHaveProperty('currentPassword')
    expect((await signIn(owner.email, 'Brand-new-pass-1')).status).toBe(200)
    expect((await signIn(owner.email)).status).toBe(401)
  })

  it('of a phone account is set with a code sent to its phone, once per code', async () => {
    const holder = await phoneAccount()
    const email = `${unique('otp')}@obs.test`.toLowerCase()
    // A code to some other number proves nothing about this account.
    const wrongPhone = await api('PATCH', `/users/${holder.id}`, {
      token: holder.token,
      body: { password: 'Chosen-pass-123', currentCode: await code(uniqueMobile()) },
    })
    expect(wrongPhone.status).toBe(401)

    const proof = await code(holder.national)
    const addressAsked = await api('PATCH', `/users/${holder.id}`, {
      token: holder.token,
      body: { email, currentCode: proof },
    })
    expect(addressAsked.status).toBe(200)
    expect((await rowOf(holder.id)).pendingEmail).toBe(email)
    const spent = await api('PATCH', `/users/${holder.id}`, {
      token: holder.token,
      body: { password: 'Chosen-pass-123', currentCode: proof },
    })
    expect(spent.status).toBe(401)

    const before = (await rowOf(holder.id)).hash
    const res = await api('PATCH', `/users/${holder.id}`, {
      token: holder.token,
      body: { password: 'Chosen-pass-123', currentCode: await code(holder.national) },
    })
    expect(res.status).toBe(200)
    expect((await rowOf(holder.id)).hash).not.toBe(before)
  })

  it('over GraphQL asks for the same proof', async () => {
    const owner = await createUser(payload, null)
    const mutation = `
      mutation ($id: Int!, $currentPassword: String) {
        updateUser(id: $id, data: { password: "Gql-new-pass-1", currentPassword: $currentPassword }) {
          id
        }
      }
    `
    const refused = await graphql(mutation, { id: owner.id }, owner.token)
    expect(refused.body.errors![0].message).toMatch(/"currentPassword" or "currentCode"/)
    expect(refused.body.errors![0].extensions.statusCode).toBe(400)
    expect((await signIn(owner.email)).status).toBe(200)

    const done = await graphql(
      mutation,
      { id: owner.id, currentPassword: TEST_PASSWORD },
      owner.token,
    )
    expect(done.body.errors).toBeUndefined()
    expect((await signIn(owner.email, 'Gql-new-pass-1')).status).toBe(200)
  })

  it('in a bulk edit of one’s own row asks for the proof too', async () => {
    const owner = await createUser(payload, null)
    const res = await api('PATCH', `/users?where[id][equals]=${owner.id}`, {
      token: owner.token,
      body: { password: 'Bulk-new-pass-1' },
    })
    expect(res.status).toBe(400)
    expect((await signIn(owner.email)).status).toBe(200)
  })

  it('set by a super admin for a trekker needs no proof of the trekker', async () => {
    const trekker = await createUser(payload, null)
    const res = await api('PATCH', `/users/${trekker.id}`, {
      token: roles.super_admin.token,
      body: { password: 'Support-set-pass-1' },
    })
    expect(res.status).toBe(200)
    expect((await signIn(trekker.email, 'Support-set-pass-1')).status).toBe(200)
  })

  it('gives five tries an hour, then 429', async () => {
    const owner = await createUser(payload, null)
    const statuses: number[] = []
    for (let i = 0; i < 6; i += 1) {
      const res = await api('PATCH', `/users/${owner.id}`, {
        token: owner.token,
        body: { password: 'Guessing-pass-1', currentPassword: `guess-${i}` },
      })
      statuses.push(res.status)
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429])
  })

  it('with a code, from an account with no proven phone, is 400 pointing at the password', async () => {
    const noPhone = await createUser(payload, null)
    const unproven = await createUser(payload, null)
    // A number on the row that no code has proved: a code to it proves nothing of the holder.
    await payload.db.updateOne({
      collection: 'users',
      id: unproven.id,
      data: { phone: `+91${uniqueMobile()}`, phoneVerified: false },
    })
    for (const owner of [noPhone, unproven]) {
      const before = (await rowOf(owner.id)).hash
      const res = await api('PATCH', `/users/${owner.id}`, {
        token: owner.token,
        body: { password: 'N3w-strong-pass', currentCode: '123456' },
      })
      expect(res.status).toBe(400)
      expect(res.body.errors[0].message).toBe(
        'This account has no proven phone to send a code to; use your password ("currentPassword").',
      )
      expect((await rowOf(owner.id)).hash).toBe(before)
    }
  })
})

describe('a new e-mail on one’s own account', () => {
  it('needs the proof; the same address in another case is not a change', async () => {
    const owner = await createUser(payload, null)
    const next = `${unique('next')}@obs.test`.toLowerCase()
    const refused = await api('PATCH', `/users/${owner.id}`, {
      token: owner.token,
      body: { email: next },
    })
    expect(refused.status).toBe(400)
    expect(refused.body.errors![0].message).toMatch(
      /^Confirm the new e-mail with your current password/,
    )
    expect((await rowOf(owner.id)).pendingEmail ?? null).toBeNull()

    const unchanged = await api('PATCH', `/users/${owner.id}`, {
      token: owner.token,
      body: { email: owner.email.toUpperCase(), bio: 'Same address' },
    })
    expect(unchanged.status).toBe(200)

    const asked = await api('PATCH', `/users/${owner.id}`, {
      token: owner.token,
      body: { email: next, currentPassword: TEST_PASSWORD },
    })
    expect(asked.status).toBe(200)
    expect((await rowOf(owner.id)).pendingEmail).toBe(next)
  })
})

describe('a new phone (POST /api/users/phone/change)', () => {
  it('needs a code to the current number or the password, besides the new number’s code', async () => {
    const holder = await phoneAccount()
    const newNumber = uniqueMobile()
    const unproven = await api('POST', '/users/phone/change', {
      token: holder.token,
      body: { phone: newNumber, code: await code(newNumber) },
    })
    expect(unproven.status).toBe(400)
    expect(unproven.body.errors[0].message).toBe(
      'Confirm the new phone with your current password, or with a code sent to your phone (POST /api/users/otp/request), as "currentPassword" or "currentCode".',
    )
    expect((await rowOf(holder.id)).phone).toBe(`+91${holder.national}`)

    const moved = await api('POST', '/users/phone/change', {
      token: holder.token,
      body: {
        phone: newNumber,
        code: sms.lastCodeFor(`+91${newNumber}`),
        currentCode: await code(holder.national),
      },
    })
    expect(moved.status).toBe(200)
    expect((await rowOf(holder.id)).phone).toBe(`+91${newNumber}`)
  })

  it('tells the old number by SMS and the account’s address by e-mail', async () => {
    const owner = await createUser(payload, null)
    const oldNumber = uniqueMobile()
    const proved = await api('PATCH', `/users/${owner.id}`, {
      token: roles.super_admin.token,
      body: { phone: `+91${oldNumber}` },
    })
    expect(proved.status).toBe(200)
    await runJobs(payload)
    const newNumber = uniqueMobile()
    const moved = await api('POST', '/users/phone/change', {
      token: owner.token,
      body: { phone: newNumber, code: await code(newNumber), currentPassword: TEST_PASSWORD },
    })
    expect(moved.status).toBe(200)
    await runJobs(payload)

    const notices = sms.received.filter((message) => message.to === `+91${oldNumber}`)
    expect(notices.map((message) => [message.templateId, message.params])).toEqual([
      ['phone_changed_notice', { name: 'Test', phoneEnding: newNumber.slice(-4) }],
    ])
    expect(JSON.stringify(notices)).not.toContain(newNumber)
    // One mail for the super admin's first phone, one for the change.
    const mails = smtp.to(owner.email).filter((mail) => /phone number/.test(mail.subject))
    expect(mails.map((mail) => mail.subject)).toEqual([
      'Your OBS phone number was changed',
      'Your OBS phone number was changed',
    ])
    expect(mails[0].body).toContain(`changed to one ending in ${oldNumber.slice(-4)}`)
    expect(mails[1].body).toContain(`changed to one ending in ${newNumber.slice(-4)}`)
    expect(mails[1].body).not.toContain(newNumber)
  })
})
