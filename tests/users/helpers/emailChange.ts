import { afterAll, beforeAll, expect } from '@jest/globals'
import type { Payload } from 'payload'

import { env } from '@/config/env'

import { startSmtpFake, type SmtpFake } from '../../fakes/smtp'
import { api } from '../../helpers/api'
import { TEST_PASSWORD, unique } from '../../helpers/fixtures'
import { runJobs } from '../../helpers/jobs'
import { accountWithStolenSession } from './session'

/**
 * Mail goes to an SMTP fake for the enclosing file or describe, and the configured SMTP URL
 * comes back after it. The adapters read the URL per message, so nothing restarts.
 */
export function useSmtpFake() {
  let smtp: SmtpFake | undefined
  let savedSmtpUrl: string | undefined

  beforeAll(async () => {
    smtp = await startSmtpFake()
    savedSmtpUrl = env.smtpUrl
    env.smtpUrl = smtp.url
  })
  afterAll(async () => {
    env.smtpUrl = savedSmtpUrl
    await smtp?.close()
  })

  return { to: (address: string) => smtp!.to(address) }
}

export type MailCatcher = ReturnType<typeof useSmtpFake>

/** The token in the newest e-mail change confirmation sent to `address`, once the queue ran. */
export async function confirmationTokenFor(payload: Payload, mail: MailCatcher, address: string) {
  await runJobs(payload)
  const mails = mail.to(address)
  expect(mails.length).toBeGreaterThan(0)
  const match = /confirm-email\?token=([A-Za-z0-9_-]{43})/.exec(mails[mails.length - 1].body)
  expect(match).not.toBeNull()
  return match![1]
}

/** The token of the newest undo link mailed to `address` (the one a change left), once the queue ran. */
export async function undoTokenMailedTo(payload: Payload, mail: MailCatcher, address: string) {
  await runJobs(payload)
  const mails = mail.to(address).filter((m) => m.subject === 'Your OBS e-mail address was changed')
  expect(mails.length).toBeGreaterThan(0)
  const match = /undo-email-change\?token=([A-Za-z0-9_-]{43})/.exec(mails[mails.length - 1].body)
  expect(match).not.toBeNull()
  return match![1]
}

/**
 * A stolen session asks to move the account to the thief's inbox (a session is all an e-mail
 * change needs); answers the account, the stolen sign-in, the inbox and the confirmation
 * token mailed there.
 */
export async function emailChangeByStolenSession(payload: Payload, mail: MailCatcher) {
  const { owner, stolen } = await accountWithStolenSession(payload)
  const thiefInbox = `${unique('thief')}@mail.test`.toLowerCase()
  const asked = await api('PATCH', `/users/${owner.id}`, {
    token: stolen.body.token,
    body: { currentPassword: TEST_PASSWORD, email: thiefInbox },
  })
  expect(asked.status).toBe(200)
  const link = await confirmationTokenFor(payload, mail, thiefInbox)
  return { owner, stolen, thiefInbox, link }
}
