import { afterAll, beforeAll } from '@jest/globals'

import { authClock, MINUTE } from '@/users/auth/clock'

import { requestOtpCode, type startFakeSms } from './fakeSms'

type FakeSms = Awaited<ReturnType<typeof startFakeSms>>

/**
 * A fresh OTP code to any number, as often as a test needs one: a second request to the same
 * number first moves `authClock` past the resend cooldown (the server would answer 429). Call at
 * the top of a test file; `sms` is read at each request, so it may be started in a beforeAll.
 */
export function useFreshCodes(sms: () => FakeSms) {
  const realNow = authClock.now
  let ahead = 0
  const asked = new Set<string>()

  beforeAll(() => {
    authClock.now = () => new Date(Date.now() + ahead)
  })

  afterAll(() => {
    authClock.now = realNow
  })

  return (national: string) => {
    if (asked.has(national)) {
      ahead += 2 * MINUTE
    }
    asked.add(national)
    return requestOtpCode(sms(), national)
  }
}
