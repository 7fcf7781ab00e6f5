import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { batchLabel } from '@/catalog/hooks/batchLabel'

import { api } from '../helpers/api'
import { createUser } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'
import { bookableBatch } from '../bookings/support'

let payload: Payload

beforeAll(async () => {
  payload = await testPayload()
})

const labelOf = async (id: number) =>
  (await payload.findByID({ collection: 'batches', id, depth: 0, overrideAccess: true })).label

describe("a batch's admin title names its trek and start date", () => {
  it('is written on create, in Kolkata time', () => {
    // 20:00 UTC on 11 January is already 12 January in India.
    expect(batchLabel('Har Ki Dun', '2027-01-11T20:00:00.000Z')).toBe('Har Ki Dun · 12 Jan 2027')
  })

  it('follows a new start date and a renamed trek', async () => {
    const { batch, trek } = await bookableBatch(payload)
    expect(await labelOf(batch.id)).toBe(batchLabel(trek.name, batch.startDate))

    const later = new Date(new Date(batch.startDate).getTime() + 7 * 86_400_000).toISOString()
    await payload.update({
      collection: 'batches',
      id: batch.id,
      data: {
        startDate: later,
        endDate: new Date(Date.parse(later) + 6 * 86_400_000).toISOString(),
      },
      overrideAccess: true,
    })
    expect(await labelOf(batch.id)).toBe(batchLabel(trek.name, later))

    await payload.update({
      collection: 'treks',
      id: trek.id,
      data: { name: `${trek.name} Renamed` },
      overrideAccess: true,
    })
    expect(await labelOf(batch.id)).toBe(batchLabel(`${trek.name} Renamed`, later))
  })

  it('cannot be written by staff', async () => {
    const { batch, trek } = await bookableBatch(payload)
    const ops = await createUser(payload, 'ops_manager')
    const res = await api('PATCH', `/batches/${batch.id}`, {
      token: ops.token,
      body: { label: 'Something else', price: 12345 },
    })
    expect(res.status).toBe(200)
    expect(await labelOf(batch.id)).toBe(batchLabel(trek.name, batch.startDate))
  })
})
