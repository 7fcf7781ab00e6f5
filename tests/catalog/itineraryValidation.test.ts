import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { api } from '../helpers/api'
import { createUser, type TestUser } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'
import { fieldErrors, makeRegion, makeTrek } from './builders'

let payload: Payload
let content: TestUser
let regionId: number

const postDay = (body: Record<string, unknown>) =>
  api('POST', '/itinerary-days', { token: content.token, body: { title: 'A day', ...body } })

describe('itinerary day validation', () => {
  beforeAll(async () => {
    payload = await testPayload()
    content = await createUser(payload, 'content')
    regionId = (await makeRegion(payload)).id
  })

  it('refuses a second day with the same number in one trek, with a clear 400', async () => {
    const trek = await makeTrek(payload, { region: regionId, durationDays: 6 })
    const first = await postDay({ trek: trek.id, dayNumber: 2 })

    const second = await postDay({ trek: trek.id, dayNumber: 2 })

    expect(first.status).toBe(201)
    expect(second.status).toBe(400)
    expect(fieldErrors(second)).toEqual({ dayNumber: "Day 2 is already in this trek's itinerary" })
  })

  it('allows the same day number on another trek', async () => {
    const one = await makeTrek(payload, { region: regionId })
    const other = await makeTrek(payload, { region: regionId })
    await postDay({ trek: one.id, dayNumber: 1 })

    const res = await postDay({ trek: other.id, dayNumber: 1 })

    expect(res.status).toBe(201)
  })

  it("refuses a day beyond the trek's duration", async () => {
    const trek = await makeTrek(payload, { region: regionId, durationDays: 6 })

    const last = await postDay({ trek: trek.id, dayNumber: 6 })
    const beyond = await postDay({ trek: trek.id, dayNumber: 7 })

    expect(last.status).toBe(201)
    expect(beyond.status).toBe(400)
    expect(fieldErrors(beyond)).toEqual({ dayNumber: "Day 7 is beyond this trek's 6 days" })
  })

  it.each([0, -1, 1.5])('refuses day number %p', async (dayNumber) => {
    const trek = await makeTrek(payload, { region: regionId })

    const res = await postDay({ trek: trek.id, dayNumber })

    expect(res.status).toBe(400)
    expect(fieldErrors(res)).toEqual({
      dayNumber: 'Day number must be a whole number of at least 1',
    })
  })

  it('lets a day be edited without clashing with itself, but not renumbered onto another', async () => {
    const trek = await makeTrek(payload, { region: regionId })
    const one = await postDay({ trek: trek.id, dayNumber: 1 })
    await postDay({ trek: trek.id, dayNumber: 2 })

    const retitle = await api('PATCH', `/itinerary-days/${one.body.doc.id}`, {
      token: content.token,
      body: { title: 'Drive to Sankri' },
    })
    const renumber = await api('PATCH', `/itinerary-days/${one.body.doc.id}`, {
      token: content.token,
      body: { dayNumber: 2 },
    })

    expect(retitle.status).toBe(200)
    expect(renumber.status).toBe(400)
    expect(fieldErrors(renumber)).toEqual({
      dayNumber: "Day 2 is already in this trek's itinerary",
    })
  })

  it.each([
    [9001, 'Altitude must be a number from 0 to 9000 metres'],
    [-20, 'Altitude must be a number from 0 to 9000 metres'],
  ])('refuses altitude %p', async (altitude, message) => {
    const trek = await makeTrek(payload, { region: regionId })

    const res = await postDay({ trek: trek.id, dayNumber: 1, altitude })

    expect(res.status).toBe(400)
    expect(fieldErrors(res)).toEqual({ altitude: message })
  })

  it('keeps an altitude within range', async () => {
    const trek = await makeTrek(payload, { region: regionId })

    const res = await postDay({ trek: trek.id, dayNumber: 1, altitude: 3810 })

    expect(res.status).toBe(201)
    expect(res.body.doc.altitude).toBe(3810)
  })
})
