/**
 * Thirtieth review round (a fresh reviewer, an hour), aimed at what changed just before it (the
 * guards round 29's fixes added: a trek with bookings kept on sale, a booked departure's trek and
 * start kept, catalog pictures only on treks and badges, the open order's grace, pictures in a
 * post's text) and at whatever else would break. Each finding is an `it.failing` that asserts the
 * right behaviour (each was also run as a plain `it` and failed on the asserted line). Run
 * in-process through tests/helpers/api.ts and the Razorpay fake; races are held in place with a
 * second connection holding a row (tests/helpers/lockWaits.ts).
 *
 * Tried and held (run): (filled in as the round goes).
 *
 * Not written up, for the lead to weigh: (filled in as the round goes).
 */
import { describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { api } from '../helpers/api'
import { raceBehindHeldRow } from '../helpers/lockWaits'
import { makeImage } from '../catalog/images'
import { activeBookingsOn, book, readyTrekker } from '../bookings/support'
import { createTrekBatch, type RoleUsers, usePaymentsWorld } from '../payments/world'

let payload: Payload
let roles: RoleUsers

usePaymentsWorld((world) => {
  payload = world.payload
  roles = world.roles
})

/** An active trek with one open departure and a catalog hero picture. */
async function trekWithHero() {
  const { trek, batch } = await createTrekBatch(payload, { startsInDays: 30 })
  const hero = await makeImage(payload)
  await payload.update({
    collection: 'treks',
    id: trek.id,
    data: { heroImage: hero.id },
    overrideAccess: true,
  })
  return { trek, batch, heroId: hero.id as number }
}

describe('a trek content returns to draft while a trekker books it', () => {
  // FINDING 1: content's draft and a booking at the same moment leave a draft trek with a live booking, low-medium
  /**
   * FINDING 1 (low-medium; round 29 finding 10's guard is lost to a race, with the harm that
   * finding named: the trekker's trek unreadable to them, its departures off sale under a paying
   * trekker). guardTrekStatus refuses content's return of a trek to draft when a booking is live,
   * counting them inside the trek edit's transaction, and the edit first locks the trek's batches
   * (noLostTrekUpdates). A booking takes the same batch lock (lockBatch), but reads the trek's
   * status in that very statement (`SELECT … FROM batches b LEFT JOIN treks t … FOR NO KEY UPDATE
   * OF b`): when it has to wait for the trek edit, PostgreSQL (read committed) hands it the batch
   * row once the edit commits but keeps the trek row of the statement's own snapshot, from before
   * the edit, so the booking reads `active` and takes the seat on a trek that is now a draft. The
   * plain read before it (refuseIfVisiblyUnbookable) saw the edit uncommitted. The window is the
   * edit's transaction: held here by holding the trek's (catalog) hero picture, whose visibility
   * refresh is the edit's last step, so nothing of the product is changed. Done: an active trek
   * with an open departure and a hero picture; content sends `PATCH /api/treks/:id {"status":
   * "draft"}` and, while that edit is under way, a trekker `POST /api/bookings` on the departure.
   * Happened: the edit 200, the booking 201 (pending, a seat held), the trek `draft` (run). The
   * same read lets a booking land on a trek ops archive at that moment. Expected: one of the two
   * refused: the draft 403 (a booking is live) or the booking 400 "This trek is not open for
   * booking"; never a draft trek with a live booking. (Reading the trek's status under a lock of
   * its own, `FOR KEY SHARE OF t` or a re-read after the batch lock, would close it.)
   */
  it.failing('never leaves a draft trek holding a live booking', async () => {
    const { trek, batch, heroId } = await trekWithHero()
    const trekker = await readyTrekker(payload)
    const [draft, booked] = await raceBehindHeldRow({
      table: 'media',
      id: heroId,
      queued: () =>
        api('PATCH', `/treks/${trek.id}`, {
          token: roles.content.token,
          body: { status: 'draft' },
        }),
      racing: () => book(trekker.token, batch.id),
    })
    const after = await payload.findByID({
      collection: 'treks',
      id: trek.id,
      depth: 0,
      overrideAccess: true,
    })
    const live = await activeBookingsOn(payload, batch.id)
    const outcome = { draft: draft.status, booked: booked.status, trek: after.status, live }
    expect([
      { draft: 403, booked: 201, trek: 'active', live: 1 },
      { draft: 200, booked: 400, trek: 'draft', live: 0 },
    ]).toContainEqual(outcome)
  })
})
