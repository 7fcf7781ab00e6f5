import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { api } from '../helpers/api'
import { createRoleUsers, createUser } from '../helpers/fixtures'
import { runJobs } from '../helpers/jobs'
import { mailsSentWhileJobsRun } from '../helpers/mailsSent'
import { testPayload } from '../helpers/payload'

let payload: Payload
let staff: Awaited<ReturnType<typeof createRoleUsers>>

beforeAll(async () => {
  payload = await testPayload()
  staff = await createRoleUsers(payload)
})

describe('account mails queued before an erasure', () => {
  it('are dropped with the account: the job and its sealed address go', async () => {
    await runJobs(payload)
    const trekker = await createUser(payload, null)
    expect(
      (await api('POST', '/users/forgot-password', { body: { email: trekker.email } })).status,
    ).toBe(200)
    const queued = await payload.count({
      collection: 'payload-jobs',
      where: { 'input.account': { equals: trekker.id }, completedAt: { exists: false } },
      overrideAccess: true,
    })
    expect(queued.totalDocs).toBe(1)

    const erased = await api('POST', `/users/${trekker.id}/erase`, {
      token: staff.cs.token,
      body: { reason: 'Asked by e-mail' },
    })
    expect(erased.status).toBe(200)

    const left = await payload.count({
      collection: 'payload-jobs',
      where: { 'input.account': { equals: trekker.id } },
      overrideAccess: true,
    })
    expect(left.totalDocs).toBe(0)
    expect(await mailsSentWhileJobsRun(payload)).not.toContain(trekker.email)
  })

  it('are not sent when a worker picks one up after the erasure', async () => {
    await runJobs(payload)
    const trekker = await createUser(payload, null)
    expect(
      (await api('POST', '/users/forgot-password', { body: { email: trekker.email } })).status,
    ).toBe(200)
    // As if the worker had claimed the job while the erasure committed.
    await payload.db.updateOne({
      collection: 'users',
      id: trekker.id,
      data: { erasedAt: new Date().toISOString() },
      returning: false,
    })

    expect(await mailsSentWhileJobsRun(payload)).not.toContain(trekker.email)
    const left = await payload.count({
      collection: 'payload-jobs',
      where: { 'input.account': { equals: trekker.id }, hasError: { equals: true } },
      overrideAccess: true,
    })
    expect(left.totalDocs).toBe(0)
  })
})
