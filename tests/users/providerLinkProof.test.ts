import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { api } from '../helpers/api'
import { createUser, TEST_PASSWORD, unique } from '../helpers/fixtures'
import { runJobs } from '../helpers/jobs'
import { testPayload } from '../helpers/payload'
import { useSmtpFake } from './helpers/emailChange'
import { newGoogleAccount, useFakeIdentityProviders } from './helpers/fakeIdentityProviders'
import { startFakeSms, uniqueMobile } from './helpers/fakeSms'
import { useFreshCodes } from './helpers/freshCodes'

/**
 * A Google or Apple link is a new way in: a stolen access token alone must not add one. The
 * holder proves the account as for a new password (`currentPassword` or `currentCode`), and
 * the account's address is told of a link made from a session.
 */
let payload: Payload
let sms: Awaited<ReturnType<typeof startFakeSms>>
const code = useFreshCodes(() => sms)
const smtp = useSmtpFake()
const { google, apple } = useFakeIdentityProviders()

beforeAll(async () => {
  payload = await testPayload()
  sms = await startFakeSms()
})

afterAll(async () => {
  await sms.close()
})

const rowOf = async (id: number) =>
  (await payload.db.findOne({ collection: 'users', where: { id: { equals: id } } })) as any

const link = (provider: 'google' | 'apple', token: string, body: Record<string, unknown>) =>
  api('POST', `/users/${provider}/link`, { token, body })

/** The link notices queued for an address (the rows, before any is sent). */
async function linkNoticesTo(to: string) {
  const found = await payload.find({
    collection: 'notification-deliveries',
    where: { and: [{ to: { equals: to } }, { template: { equals: 'provider_linked_notice' } }] },
    overrideAccess: true,
    limit: 100,
  })
  return found.docs.map((doc) => ({ channel: doc.channel, params: doc.params }))
}

const appleAccount = () => {
  const sub = unique('apple')
  const claims = { email: `${unique('a')}@icloud.test`, email_verified: 'true' }
  return { sub, token: () => apple.sign(sub, { claims }) }
}

describe.each(['google', 'apple'] as const)('POST /api/users/%s/link', (provider) => {
  const account = () => (provider === 'google' ? newGoogleAccount(google) : appleAccount())
  const field = provider === 'google' ? 'googleSub' : 'appleSub'
  const name = provider === 'google' ? 'Google' : 'Apple'

  it('without proof is 400 naming both fields, and links nothing', async () => {
    const owner = await createUser(payload, null)
    const res = await link(provider, owner.token, { idToken: await account().token() })
    expect(res.status).toBe(400)
    expect(res.body.errors[0].message).toBe(
      `Confirm the ${name} link with your current password, or with a code sent to your phone (POST /api/users/otp/request), as "currentPassword" or "currentCode".`,
    )
    expect((await rowOf(owner.id))[field] ?? null).toBeNull()
    expect(await linkNoticesTo(owner.email)).toEqual([])
  })

  it('with a wrong password is 401 and links nothing', async () => {
    const owner = await createUser(payload, null)
    const res = await link(provider, owner.token, {
      idToken: await account().token(),
      currentPassword: 'not-the-password',
    })
    expect(res.status).toBe(401)
    expect(res.body.errors[0].message).toBe('The current password is wrong.')
    expect((await rowOf(owner.id))[field] ?? null).toBeNull()
    expect(await linkNoticesTo(owner.email)).toEqual([])
  })

  it('with the password links, and tells the account’s address once', async () => {
    const owner = await createUser(payload, null)
    const linked = account()
    const res = await link(provider, owner.token, {
      idToken: await linked.token(),
      currentPassword: TEST_PASSWORD,
    })
    expect(res.status).toBe(200)
    expect((await rowOf(owner.id))[field]).toBe(linked.sub)
    // Linking again what is already linked is no new way in: no second notice.
    const again = await link(provider, owner.token, {
      idToken: await linked.token(),
      currentPassword: TEST_PASSWORD,
    })
    expect(again.status).toBe(200)

    expect(await linkNoticesTo(owner.email)).toEqual([
      { channel: 'email', params: { name: 'Test', provider: name } },
    ])
    await runJobs(payload)
    const mails = smtp.to(owner.email).filter((mail) => /linked/.test(mail.subject))
    expect(mails.map((mail) => mail.subject)).toEqual([`${name} was linked to your OBS account`])
    expect(mails[0].body).toContain('sign out everywhere')
  })
})

describe('proving the holder for a link', () => {
  it('gives five tries an hour, shared with password changes, then 429', async () => {
    const owner = await createUser(payload, null)
    const google1 = newGoogleAccount(google)
    const statuses: number[] = []
    for (let i = 0; i < 5; i += 1) {
      const res = await link('google', owner.token, {
        idToken: await google1.token(),
        currentPassword: `guess-${i}`,
      })
      statuses.push(res.status)
    }
    const right = await link('google', owner.token, {
      idToken: await google1.token(),
      currentPassword: TEST_PASSWORD,
    })
    const passwordChange = await api('PATCH', `/users/${owner.id}`, {
      token: owner.token,
      body: { password: 'Brand-new-pass-1', currentPassword: TEST_PASSWORD },
    })
    expect([...statuses, right.status, passwordChange.status]).toEqual([
      401, 401, 401, 401, 401, 429, 429,
    ])
    expect(right.headers.get('retry-after')).toBeTruthy()
    expect((await rowOf(owner.id)).googleSub ?? null).toBeNull()
  })

  it('a phone account links with a code sent to its phone', async () => {
    const national = uniqueMobile()
    const verified = await api('POST', '/users/otp/verify', {
      body: { phone: national, code: await code(national) },
    })
    expect(verified.status).toBe(200)
    const holder = verified.body.user.id as number
    const linked = newGoogleAccount(google)

    const wrong = await link('google', verified.body.token, {
      idToken: await linked.token(),
      currentCode: '000000',
    })
    expect(wrong.status).toBe(401)
    const res = await link('google', verified.body.token, {
      idToken: await linked.token(),
      currentCode: await code(national),
    })
    expect(res.status).toBe(200)
    expect((await rowOf(holder)).googleSub).toBe(linked.sub)
    const viaGoogle = await api('POST', '/users/google', {
      body: { idToken: await linked.token() },
    })
    expect(viaGoogle.body.user?.id).toBe(holder)
  })

  it('checks the ID token first: a bad one spends neither a try nor the code', async () => {
    const national = uniqueMobile()
    const verified = await api('POST', '/users/otp/verify', {
      body: { phone: national, code: await code(national) },
    })
    expect(verified.status).toBe(200)
    const currentCode = await code(national)
    const foreign = await google.sign(unique('g'), { audience: 'elsewhere' })
    const refused = await link('google', verified.body.token, { idToken: foreign, currentCode })
    expect(refused.status).toBe(401)
    expect(refused.body.errors[0].message).toMatch(/token is invalid/)

    const linked = newGoogleAccount(google)
    const res = await link('google', verified.body.token, {
      idToken: await linked.token(),
      currentCode,
    })
    expect(res.status).toBe(200)
  })

  it('a provider account linked elsewhere is 409 after the proof, and nobody is told', async () => {
    const first = await createUser(payload, null)
    const second = await createUser(payload, null)
    const shared = newGoogleAccount(google)
    const linked = await link('google', first.token, {
      idToken: await shared.token(),
      currentPassword: TEST_PASSWORD,
    })
    expect(linked.status).toBe(200)
    const taken = await link('google', second.token, {
      idToken: await shared.token(),
      currentPassword: TEST_PASSWORD,
    })
    expect(taken.status).toBe(409)
    expect(await linkNoticesTo(second.email)).toEqual([])
  })
})
