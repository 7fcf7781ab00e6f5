import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { expireHolds } from '@/bookings'

import { api } from '../helpers/api'
import { createRoleUsers } from '../helpers/fixtures'
import { viaRoute } from '../hardening/route'
import { createPendingBooking, expireHold, usePayloadAndRazorpayFake } from '../payments/world'

/**
 * Twenty-sixth review round (a fresh reviewer, an hour), aimed at what changed just before it:
 * media-type normalisation and the body limit, the multipart client-upload refusal, the labelling
 * of refund re-issues, the erasure guards, the guide card and account locks, payments access for
 * content and guide, and a cancelled booking's balance. Each finding is an `it.failing` that
 * asserts the right behaviour (each was also run as a plain `it` and failed on the asserted line).
 * Run in-process through tests/hardening/route.ts (the Next route handlers and their guards),
 * tests/helpers/api.ts and the Razorpay fake.
 *
 * Tried and held (run): TBD
 *
 * Not written up, for the lead to weigh: TBD
 */
let payload: Payload
let roles: Awaited<ReturnType<typeof createRoleUsers>>

usePayloadAndRazorpayFake((world) => {
  payload = world.payload
})

beforeAll(async () => {
  roles = await createRoleUsers(payload)
})

const BOUNDARY = 'R26b0undary'
const multipart = (parts: string[]) =>
  parts.map((part) => `--${BOUNDARY}\r\n${part}\r\n`).join('') + `--${BOUNDARY}--\r\n`
const account = () =>
  JSON.stringify({
    email: `r26-${Math.random().toString(36).slice(2)}@obs.test`,
    password: 'Abcdef-12345',
    firstName: 'Asha',
    lastName: 'Rawat',
  })

describe('a multipart sign-up whose `_payload` the two body readers read apart', () => {
  /**
   * FINDING (low; anyone, not signed in, makes the API answer 500 and write an error line with
   * a stack, at will: the round-20 sign-up crash, back by another door). withAccountBody decides
   * that a multipart sign-up carries an account by reading it with the platform's FormData
   * parser (undici), while Payload reads it with busboy, and the two disagree. (a) Two `_payload`
   * parts: FormData's `get` takes the first (an object, so the guard lets it by), busboy collects
   * both into a list, which Payload does not parse, so `req.data` is undefined. (b) A `_payload`
   * part with its own `Content-Type: application/octet-stream`: FormData reads it as a text field
   * (no `filename`), busboy as a file, so `fields._payload` is absent. Done: `POST /api/users`
   * through the Next route handler, anonymous, `multipart/form-data` with either body (a valid
   * account object in each `_payload`). Happened: 500 "Something went wrong." and "TypeError:
   * Cannot read properties of undefined (reading 'email')" logged at error level (Payload's
   * ensureUsernameOrEmail). A sweep of the same bodies over 42 other write routes (auth
   * operations, custom endpoints, collection creates and updates, anonymous, trekker and staff)
   * answered no 500. Expected: 400, as for a multipart sign-up without an account object.
   */
  it.failing('is refused 400, never a 500', async () => {
    const bodies = {
      'two _payload parts': multipart([
        `Content-Disposition: form-data; name="_payload"\r\n\r\n${account()}`,
        `Content-Disposition: form-data; name="_payload"\r\n\r\n${account()}`,
      ]),
      'a _payload typed application/octet-stream': multipart([
        `Content-Disposition: form-data; name="_payload"\r\nContent-Type: application/octet-stream\r\n\r\n${account()}`,
      ]),
    }
    for (const [shape, body] of Object.entries(bodies)) {
      const answer = await viaRoute('POST', '/api/users', {
        body,
        headers: { 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}` },
      })
      expect({ shape, status: answer.status }).toEqual({ shape, status: 400 })
    }
  })
})

describe('a booking cancelled because its hold ran out', () => {
  /**
   * FINDING (low; a trekker and the desk read a full balance "due" on a booking that is
   * cancelled: the newcomer run's finding, left on the commonest way a booking ends cancelled).
   * The newcomer fix sets `balanceDue` to 0 in cancelLockedBooking (a cancel by the trekker, cs or
   * ops, and a call-off), but expireHolds cancels an unpaid hold with its own update, which sets
   * `status`, `cancelledAt`, the reason and `refundDue: 0`, and leaves `balanceDue` at the price.
   * Done: a pending booking of ₹12,500 (nothing paid), its hold moved 5 minutes into the past,
   * the hold-expiry task run (expireHolds). Happened: the booking is `cancelled` with
   * `balanceDue` 12500, as the trekker reads it (`GET /api/bookings/:id`). Expected: 0, as for
   * every other cancelled booking ("a cancelled booking owes no balance").
   */
  it.failing('owes no balance', async () => {
    const { booking, user } = await createPendingBooking(payload, { amount: 12500 })
    await expireHold(payload, booking.id)
    await expireHolds(payload)
    const read = await api('GET', `/bookings/${booking.id}?depth=0`, { token: user.token })
    expect(read.body).toMatchObject({ status: 'cancelled', amountPaid: 0 })
    expect(read.body.balanceDue).toBe(0)
  })
})
