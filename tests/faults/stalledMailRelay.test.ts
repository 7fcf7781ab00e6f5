import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { env } from '@/config/env'

import { stallingSmtp } from '../fakes/stallingSmtp'
import { testPayload } from '../helpers/payload'

/**
 * A relay that accepts the connection and then never greets: nodemailer's own wait would be
 * 30 s (2 minutes for a connection never answered, 10 for one that falls silent later), long
 * enough to hold a job run and every job in it. The adapter bounds the greeting at 10 s.
 */

let payload: Payload
let relay: Awaited<ReturnType<typeof stallingSmtp>>
const up = env.smtpUrl

beforeAll(async () => {
  payload = await testPayload()
  relay = await stallingSmtp('greeting')
  env.smtpUrl = relay.url
})

afterAll(async () => {
  env.smtpUrl = up
  await relay.close()
})

describe('a mail relay that stops answering', () => {
  it('fails the mail within its bound, as a 503 a job retries', async () => {
    const started = Date.now()
    const sending = payload.sendEmail({
      to: 'stalled@obs.test',
      subject: 'Held',
      text: 'Never greeted',
    })

    await expect(sending).rejects.toMatchObject({
      status: 503,
      message: 'The e-mail could not be sent right now. Try again shortly.',
    })
    // The greeting bound (10 s), not nodemailer's 30 s.
    expect(Date.now() - started).toBeLessThan(20_000)
  }, 40_000)
})
