import { describe, expect, it } from '@jest/globals'

import { api } from '../helpers/api'
import { testPayload } from '../helpers/payload'
import { book, bookableBatch, readyTrekker } from '../bookings/support'

/**
 * Review probes: hostile values in the SOS body, and profile values that later feed the
 * booking snapshot (a date of birth far in the past or future, odd phones). Each must be
 * a clean 2xx or 4xx, never a 500, and an SOS must still be recorded.
 */
describe('review: profile and SOS input', () => {
  it('records an SOS or refuses it cleanly whatever the hostile fields', async () => {
    const payload = await testPayload()
    const trekker = await readyTrekker(payload)
    const bodies: Array<Record<string, unknown>> = [
      { clientId: { $ne: null }, message: 'help' },
      { clientId: ['a', 'b'], message: 'help' },
      { clientId: 'x'.repeat(20000), message: 'help' },
      { clientId: 'nul\u0000id', message: 'help' },
      { clientId: 'ok-1', message: 'a\u0000b', latitude: 'NaN', longitude: 'Infinity' },
      { clientId: 'ok-2', message: { text: 'obj' }, occurredAt: '+275760-09-13T00:00:00.000Z' },
      { clientId: 'ok-3', message: 'm', latitude: 1e308, longitude: -1e308, occurredAt: 1e20 },
      { clientId: 'ok-4', message: 'm', batch: 'abc' },
      { clientId: 'ok-5', message: 'm', batch: 999999999 },
      { clientId: 'ok-6', message: '\ud800', batch: 2 ** 40 },
    ]
    const answers: Array<[string, number]> = []
    for (const body of bodies) {
      const res = await api('POST', '/incidents', { token: trekker.token, body })
      answers.push([JSON.stringify(body).slice(0, 60), res.status >= 500 ? res.status : 0])
    }
    expect(answers).toEqual(answers.map(([body]) => [body, 0]))
    expect((await api('GET', '/health')).status).toBe(200)
  })

  it('answers odd dates of birth with 400 or a sane snapshot age, never 500', async () => {
    const payload = await testPayload()
    const answers: Array<[string, number]> = []
    for (const dateOfBirth of [
      '0001-01-01T00:00:00.000Z',
      '+275760-09-13T00:00:00.000Z',
      '2999-01-01T00:00:00.000Z',
      'not a date',
      '1994-02-30',
    ]) {
      const trekker = await readyTrekker(payload)
      const patch = await api('PATCH', `/users/${trekker.id}`, {
        token: trekker.token,
        body: { dateOfBirth },
      })
      answers.push([`patch ${dateOfBirth}`, patch.status >= 500 ? patch.status : 0])
      const { batch } = await bookableBatch(payload)
      const booked = await book(trekker.token, batch.id)
      answers.push([`book ${dateOfBirth}`, booked.status >= 500 ? booked.status : 0])
      if (booked.status === 201) {
        // A snapshot age outside 0–120 means an impossible birth date was accepted.
        const age = booked.body.doc.trekkerAge
        const sane = age === null || age === undefined || (age >= 0 && age <= 120)
        answers.push([`age ${dateOfBirth} = ${age}`, sane ? 0 : 1])
      }
    }
    expect(answers.filter(([, bad]) => bad !== 0)).toEqual([])
  })
})
