import { afterAll, beforeAll, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { api } from '../helpers/api'
import { createUser } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'
import { captureLogs } from './helpers/captureLogs'
import { startFakeGoogle } from './helpers/fakeIdentityProviders'
import { startFakeSms, uniqueIp, uniqueMobile } from './helpers/fakeSms'

let payload: Payload
let sms: Awaited<ReturnType<typeof startFakeSms>>
let google: Awaited<ReturnType<typeof startFakeGoogle>>

beforeAll(async () => {
  payload = await testPayload()
  sms = await startFakeSms()
  google = await startFakeGoogle()
})

afterAll(async () => {
  await sms.close()
  await google.close()
})

it('no code, token, hash or full phone number reaches the logs or a response it does not belong to', async () => {
  const user = await createUser(payload, null)
  const national = uniqueMobile()
  const phone = `+91${national}`
  const logs = captureLogs(payload)
  const responses: string[] = []
  const call = async (...args: Parameters<typeof api>) => {
    const res = await api(...args)
    responses.push(JSON.stringify(res.body))
    return res
  }

  try {
    sms.failNext(1)
    await call('POST', '/users/otp/request', {
      body: { phone: national },
      headers: { 'X-Forwarded-For': uniqueIp() },
    })
    const job = (
      await payload.find({
        collection: 'payload-jobs',
        where: { completedAt: { exists: false } },
        sort: '-createdAt',
        limit: 1,
      })
    ).docs[0]
    await payload.jobs.runByID({ id: job.id })
    const code = sms.lastCodeFor(phone)
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0')
    await call('POST', '/users/otp/verify', { body: { phone: national, code: wrong } })
    const session = (await call('POST', '/users/otp/verify', { body: { phone: national, code } }))
      .body
    const rotated = (
      await call('POST', '/users/token/refresh', { body: { refreshToken: session.refreshToken } })
    ).body
    await call('POST', '/users/token/refresh', { body: { refreshToken: session.refreshToken } })
    const login = (
      await call('POST', '/users/login', {
        body: { email: user.email, password: 'Test-password-123' },
      })
    ).body
    await call('POST', '/users/login', { body: { email: user.email, password: 'wrong-password' } })
    const badIdToken = await google.sign('g-logs', { audience: 'someone-else' })
    await call('POST', '/users/google', { body: { idToken: badIdToken } })
    const goodIdToken = await google.sign('g-logs-ok', {
      claims: { email: 'logs@gmail.test', email_verified: true },
    })
    const googleSession = (await call('POST', '/users/google', { body: { idToken: goodIdToken } }))
      .body
    await call('POST', '/users/logout', { token: googleSession.token })

    const challenges = await payload.db.find({
      collection: 'otp-challenges',
      where: { phone: { equals: phone } },
    })
    const refreshRows = await payload.db.find({
      collection: 'refresh-tokens',
      limit: 1000,
      pagination: false,
    })
    const secrets = [
      code,
      session.token,
      session.refreshToken,
      rotated.token,
      rotated.refreshToken,
      login.token,
      login.refreshToken,
      googleSession.token,
      googleSession.refreshToken,
      badIdToken,
      goodIdToken,
      ...challenges.docs.map((row: any) => row.codeHash),
      ...refreshRows.docs.map((row: any) => row.tokenHash),
    ]
    expect(secrets.every((secret) => typeof secret === 'string' && secret.length >= 6)).toBe(true)

    const logged = logs.text()
    expect(logged).toContain('OTP issued')
    for (const secret of [...secrets, phone]) {
      expect(logged).not.toContain(secret)
    }
    // Codes and hashes never appear in any answer; tokens only in the session that carries them.
    const answered = responses.join('\n')
    for (const secret of [code, badIdToken, goodIdToken, ...secrets.slice(11)]) {
      expect(answered).not.toContain(secret)
    }
  } finally {
    logs.stop()
  }
})
