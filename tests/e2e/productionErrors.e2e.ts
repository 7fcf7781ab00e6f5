import { describe, expect, it } from '@jest/globals'

import { apiAs } from './browser'

/**
 * The jest suite runs the source; only a production build minifies it. Minified, Payload's
 * error classes lost their names and every refusal answered "An unknown error occurred.",
 * so the messages the contract promises are checked here, against `next start`.
 */
describe('error messages survive the production build', () => {
  const post = (body: unknown) =>
    apiAs('trekker', '/api/bookings', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    })

  it("names a hook's refusal (APIError)", async () => {
    const res = await post({ batch: 999_999_999 })
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ errors: [{ message: 'This batch does not exist' }] })
  })

  it("names the input guard's refusal", async () => {
    const res = await post({ batch: 'abc' })
    expect(res.status).toBe(400)
    expect(res.body.errors[0].message).toBe('batch must be the id of a batches document')
  })

  it('names a missing document and an anonymous caller', async () => {
    const missing = await apiAs('super_admin', '/api/treks/999999999')
    expect(missing.status).toBe(404)
    expect(missing.body.errors[0].message).toBe('Not Found')

    const anonymous = await apiAs(null, '/api/bookings')
    expect(anonymous.status).toBe(401)
    expect(anonymous.body.errors[0].message).not.toMatch(/unknown error/i)
  })
})
