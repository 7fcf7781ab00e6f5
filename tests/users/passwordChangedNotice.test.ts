import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { api } from '../helpers/api'
import { createRoleUsers, createUser, TEST_PASSWORD } from '../helpers/fixtures'
import { runJobs } from '../helpers/jobs'
import { testPayload } from '../helpers/payload'
import { useSmtpFake } from './helpers/emailChange'

/**
 * A session alone can set a new password: the account's address hears of it, so its owner can
 * take the account back with a reset from their inbox.
 */
let payload: Payload
let roles: Awaited<ReturnType<typeof createRoleUsers>>
const smtp = useSmtpFake()

beforeAll(async () => {
  payload = await testPayload()
  roles = await createRoleUsers(payload)
})

describe('a password change', () => {
  it('mails a notice to the account’s address, once', async () => {
    const owner = await createUser(payload, null)
    const changed = await api('PATCH', `/users/${owner.id}`, {
      token: owner.token,
      body: { currentPassword: TEST_PASSWORD, password: 'Owner-new-pass-123' },
    })
    expect(changed.status).toBe(200)

    await runJobs(payload)
    await runJobs(payload)
    const mails = smtp.to(owner.email)
    expect(mails.map((mail) => mail.subject)).toEqual(['Your OBS password was changed'])
    expect(mails[0].body).toContain('If this was not you, reset your password now')
    expect(mails[0].body).not.toContain('Owner-new-pass-123')
  })

  it('set by a super admin, tells the trekker too and ends their every sign-in', async () => {
    const trekker = await createUser(payload, null)
    const changed = await api('PATCH', `/users/${trekker.id}`, {
      token: roles.super_admin.token,
      body: { password: 'Set-by-support-123' },
    })
    expect(changed.status).toBe(200)

    await runJobs(payload)
    expect(smtp.to(trekker.email).map((mail) => mail.subject)).toEqual([
      'Your OBS password was changed',
    ])
    const me = await api('GET', '/users/me', { token: trekker.token })
    expect(me.body.user).toBeNull()
  })

  it('sends nothing for an edit that keeps the password', async () => {
    const owner = await createUser(payload, null)
    await api('PATCH', `/users/${owner.id}`, { token: owner.token, body: { bio: 'Hello' } })
    await runJobs(payload)
    expect(smtp.to(owner.email)).toEqual([])
  })
})
