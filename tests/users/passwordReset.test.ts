import { randomBytes } from 'node:crypto'

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { env } from '@/config/env'
import { SEND_PASSWORD_RESET } from '@/notifications'

import { startSmtpFake, type SmtpFake } from '../fakes/smtp'
import { api, graphql } from '../helpers/api'
import { createUser, unique } from '../helpers/fixtures'
import { jobsFor, runJobs } from '../helpers/jobs'
import { testPayload } from '../helpers/payload'

/** Nothing listens on the discard port: connections are refused, like a mail provider that is down. */
const SMTP_DOWN = 'smtp://127.0.0.1:9'

let payload: Payload
let smtp: SmtpFake
let savedSmtpUrl: string | undefined

const forgot = (email: string) => api('POST', '/users/forgot-password', { body: { email } })

const resetJobs = () => jobsFor(payload, SEND_PASSWORD_RESET, () => true)

const rowOf = async (id: number) =>
  (await payload.db.findOne({ collection: 'users', where: { id: { equals: id } } })) as any

/** Makes a job waiting out its retry backoff ready to run now. */
async function dueNow(jobId: number | string) {
  await payload.update({
    collection: 'payload-jobs',
    id: jobId,
    data: { waitUntil: new Date(Date.now() - 1000).toISOString() },
    overrideAccess: true,
  })
}

beforeAll(async () => {
  payload = await testPayload()
  smtp = await startSmtpFake()
  savedSmtpUrl = env.smtpUrl
})

afterAll(async () => {
  env.smtpUrl = savedSmtpUrl
  await smtp.close()
})

describe('POST /api/users/forgot-password', () => {
  it('answers its usual success while SMTP is down, and the mail goes out once it is back', async () => {
    const user = await createUser(payload, null)
    env.smtpUrl = SMTP_DOWN
    const before = (await resetJobs()).length

    const existing = await forgot(user.email)
    const unknown = await forgot(`${unique('nobody')}@obs.test`)

    expect(existing.status).toBe(200)
    expect(existing.body).toEqual({ message: 'Success' })
    expect(unknown.status).toBe(existing.status)
    expect(unknown.body).toEqual(existing.body)
    const token = (await rowOf(user.id)).resetPasswordToken as string
    expect(token).toMatch(/^[0-9a-f]{40}$/)
    const jobs = await resetJobs()
    expect(jobs).toHaveLength(before + 1)
    // The job input is sealed: the token is not readable in the jobs table.
    expect(JSON.stringify(jobs[0].input)).not.toContain(token)

    await runJobs(payload)
    const failed = await payload.findByID({
      collection: 'payload-jobs',
      id: jobs[0].id,
      overrideAccess: true,
    })
    expect(failed).toMatchObject({ totalTried: 1, hasError: false })
    expect(failed.completedAt ?? null).toBeNull()

    env.smtpUrl = smtp.url
    await dueNow(jobs[0].id)
    await runJobs(payload)

    const mails = smtp.to(user.email)
    expect(mails).toHaveLength(1)
    expect(mails[0].subject).toBe('Reset your OBS password')
    const link = `${env.serverUrl}/admin/reset/${token}`
    expect(mails[0].body).toContain(`<a href="${link}">${link}</a>`)
    expect(mails[0].body).toContain('within 60 minutes')
    const reset = await api('POST', '/users/reset-password', {
      body: { token, password: 'Fresh-pass-12345' },
    })
    expect(reset.status).toBe(200)
    // A reset signs in: the same session as every other sign-in (the newcomer run).
    expect(reset.body).toMatchObject({
      message: expect.any(String),
      token: expect.any(String),
      exp: expect.any(Number),
      refreshToken: expect.any(String),
      user: { id: user.id, updatedAt: expect.any(String) },
    })
    expect(reset.headers.get('set-cookie')).toMatch(/^payload-token=[^;]+;/)
    const spent = await api('POST', '/users/reset-password', {
      body: { token, password: 'Other-pass-12345' },
    })
    expect(spent.status).toBe(403)
    expect(spent.body.errors[0].message).toBe('Token is either invalid or has expired.')
    const refreshed = await api('POST', '/users/token/refresh', {
      body: { refreshToken: reset.body.refreshToken },
    })
    expect(refreshed.status).toBe(200)
    const login = await api('POST', '/users/login', {
      body: { email: user.email, password: 'Fresh-pass-12345' },
    })
    expect(login.status).toBe(200)
  })

  it('limits each address to 3 requests an hour, the same for addresses without an account', async () => {
    const user = await createUser(payload, null)
    const nobody = `${unique('nobody')}@obs.test`
    env.smtpUrl = smtp.url

    const answers = []
    for (let i = 0; i < 4; i++) {
      answers.push(await forgot(user.email), await forgot(nobody))
    }

    expect(answers.map((res) => res.status)).toEqual([200, 200, 200, 200, 200, 200, 429, 429])
    expect(answers[6].body).toEqual(answers[7].body)
    expect(answers[6].body.errors[0].message).toBe(
      'Too many password reset requests for this address. Try again later.',
    )
    await runJobs(payload)
    expect(smtp.to(user.email)).toHaveLength(3)
  })

  it('answers an address too long to exist like an unknown one, and still limits it', async () => {
    // Random letters, so PostgreSQL could not compress an index entry of the address.
    const local = randomBytes(5600)
      .toString('base64')
      .replace(/[^a-z0-9]/gi, '')
      .slice(0, 2800)
      .toLowerCase()
    const tooLong = `${local}@obs.test`
    const unknown = await forgot(`${unique('nobody')}@obs.test`)

    const answers = []
    for (let i = 0; i < 4; i++) {
      answers.push(await forgot(tooLong))
    }

    expect(answers.slice(0, 3).map((res) => [res.status, res.body])).toEqual(
      Array(3).fill([unknown.status, unknown.body]),
    )
    expect(answers[3].status).toBe(429)
    const stored = await payload.db.find<{ id: number; key: string }>({
      collection: 'auth-throttles',
      where: { key: { like: 'reset:email:' } },
      limit: 1000,
    })
    // Counted under a fixed-length digest of the key, which the key index accepts.
    const digested = stored.docs.filter((row) =>
      row.key.startsWith(`reset:email:${local.slice(0, 20)}`),
    )
    expect(digested.map((row) => row.key.length)).toEqual([40 + '#sha256:'.length + 64])
  })

  it('answers the same through GraphQL', async () => {
    const local = randomBytes(5600)
      .toString('base64')
      .replace(/[^a-z0-9]/gi, '')
      .slice(0, 2800)
    const mutation = `
      mutation ($email: String!) {
        forgotPasswordUser(email: $email, username: "")
      }
    `
    const tooLong = await graphql(mutation, { email: `${local}@obs.test` })
    const unknown = await graphql(mutation, { email: `${unique('nobody')}@obs.test` })

    expect(unknown.body).toEqual({ data: { forgotPasswordUser: true } })
    expect(tooLong.body).toEqual(unknown.body)
  })
})
