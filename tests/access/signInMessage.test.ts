import { beforeAll, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { SIGN_IN_FIRST } from '@/access/anonymousIsUnauthorized'

import { api } from '../helpers/api'
import { testPayload } from '../helpers/payload'

let payload: Payload
beforeAll(async () => {
  payload = await testPayload()
})

/**
 * Every route that needs a sign-in says so in the same words (the newcomer run of session 15
 * found three wordings: Payload's own, "Sign in first." and the README's); only the SOS routes
 * name what needs it.
 */
it('answers an anonymous call to any signed-in route 401 in the same words', async () => {
  expect(payload).toBeDefined()
  const routes: Array<[string, string]> = [
    ['POST', '/bookings/1/cancel'],
    ['POST', '/bookings/1/offline-payment'],
    ['POST', '/bookings/1/checkout'],
    ['POST', '/payments/verify'],
    ['POST', '/payments/1/refund'],
    ['GET', '/payments/export'],
    ['POST', '/batches/1/cancel'],
    ['GET', '/users/me/export'],
    ['POST', '/users/1/erase'],
    ['POST', '/users/phone/change'],
    ['POST', '/users/google/link'],
    ['POST', '/users/1/sign-out'],
    ['POST', '/bookings'],
  ]
  const answers = []
  for (const [method, path] of routes) {
    const res = await api(method, path, { body: method === 'GET' ? undefined : {} })
    answers.push([method, path, res.status, res.body?.errors?.[0]?.message])
  }
  expect(answers).toEqual(routes.map(([method, path]) => [method, path, 401, SIGN_IN_FIRST]))
})
