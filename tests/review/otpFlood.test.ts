import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'

import { env } from '@/config/env'

import { api } from '../helpers/api'
import { testPayload } from '../helpers/payload'
import { startFakeSms, uniqueIp, uniqueMobile } from '../users/helpers/fakeSms'

/**
 * Review probe: SMS bombing a victim's phone. Twenty OTP requests for one number sent at
 * the same instant, each from a different address (a botnet), must text it once: the
 * per-phone cooldown has to hold under concurrency, not only for requests in sequence.
 */
describe('review: OTP flood', () => {
  let sms: Awaited<ReturnType<typeof startFakeSms>>

  beforeAll(async () => {
    await testPayload()
    sms = await startFakeSms()
    env.sms.templateIds = { otp_code: '1107000000000000001' }
  })
  afterAll(async () => {
    await sms.close()
  })

  it('texts a phone once when 20 requests from 20 addresses arrive at once', async () => {
    const phone = uniqueMobile()
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        api('POST', '/users/otp/request', {
          body: { phone: i % 2 ? phone : `0${phone}` },
          headers: { 'X-Forwarded-For': uniqueIp() },
        }),
      ),
    )
    for (const answer of answers) {
      expect(answer.status).toBeLessThan(500)
    }
    expect(answers.filter((a) => a.status === 202)).toHaveLength(1)
    expect(sms.countFor(`+91${phone}`)).toBe(1)
  })
})
