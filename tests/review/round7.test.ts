import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { book, bookableBatch, readyTrekker } from '../bookings/support'
import type { FakeRazorpay } from '../fakes/razorpay'
import { api } from '../helpers/api'
import { raceAnEditPausedAfterItsRead } from '../helpers/editLocks'
import { createRoleUsers, createUser, TEST_PASSWORD } from '../helpers/fixtures'
import { runJobs } from '../helpers/jobs'
import { raceBehindHeldRow } from '../helpers/lockWaits'
import { picture, publishPost, visibilityOf } from '../media/members'
import { accountWithStolenSession, whoAmI } from '../users/helpers/session'
import { paidBooking, paymentOf, startPaymentsWorld } from '../payments/world'

/**
 * Seventh review round. Each finding was an `it.failing` until the product was fixed; all are
 * fixed now.
 */
let payload: Payload
let fake: FakeRazorpay

beforeAll(async () => {
  ;({ payload, fake } = await startPaymentsWorld())
})

afterAll(async () => {
  await fake.stop()
})

describe('review round 7: media visibility and lost updates', () => {
  // Round 5 gave bookings, users, posts (and round 6 batches) lost-update protection, but not
  // media, whose `visibility` server code rewrites under the row lock (refreshMediaVisibility)
  // whenever a post is hidden or deleted or a profile photo changes. A catalog editor's save
  // of a member's upload (content fixing an alt text or a focal point in the admin) reads the
  // row without a lock and writes every column back, `visibility` included (the field is
  // read-only to the caller, so Payload keeps the value it read). If a moderator's hide
  // commits between that read and that write, the picture goes back to `public`: the picture
  // of a post hidden for showing what it should not (a face, an ID card) stays readable by
  // anyone at its URL, with no published post showing it, until something recomputes it.
  // Held deterministically: content's save is paused after its read, on Payload's clearing of
  // content's own edit lock on the picture (a second connection holds that lock row), while
  // the moderator's hide runs and commits.
  it('a picture hidden by a moderator does not turn public again through an edit', async () => {
    const roles = await createRoleUsers(payload)
    const member = await createUser(payload, null)
    const photo = await picture(member.token, 'id-card.png')
    const post = await publishPost(member, [photo.id])
    expect(post.status).toBe(201)
    expect(await visibilityOf(payload, photo.id)).toBe('public')

    // Since review round 35 staff may not change a member's upload at all, so the edit that
    // raced the hide is refused outright (the race this test once held cannot happen).
    const edited = await api('PATCH', `/media/${photo.id}?depth=0`, {
      token: roles.content.token,
      body: { alt: 'Trekker at the pass' },
    })
    const hidden = await api('PATCH', `/posts/${post.body.doc.id}?depth=0`, {
      token: roles.cs.token,
      body: { status: 'hidden', hiddenReason: 'Shows an ID card' },
    })
    expect([edited.status, hidden.status]).toEqual([403, 200])
    expect(await visibilityOf(payload, photo.id)).toBe('private')
  })
})

describe('review round 7: points of an erased account', () => {
  // Points "stay" with an erased account for accounting, and "every change of points is a
  // points-transactions row" (README). But the trigger that freezes erased accounts
  // (users_stay_erased: any update of an erased row returns OLD) also swallows the ledger's
  // own balance write, silently: a super admin's adjustment (or a cancellation taking back a
  // confirmed booking's 100 points, or a badge job) is answered 201 and its ledger row is
  // stored, while `obsPoints` stays where it was. From then on balance and ledger disagree
  // for good (no one can write the balance any more), which is exactly what the ledger and
  // its reconciliation exist to rule out. Expected: either the write is refused (4xx, no
  // ledger row) or the balance follows the ledger.
  it('a points change for an erased account keeps balance and ledger equal', async () => {
    const roles = await createRoleUsers(payload)
    const member = await createUser(payload, null)
    const erased = await api('POST', '/users/me/erase', {
      token: member.token,
      body: { password: TEST_PASSWORD },
    })
    expect(erased.status).toBe(200)
    const adjust = await api('POST', '/points-transactions?depth=0', {
      token: roles.super_admin.token,
      body: { user: member.id, amount: 250, reason: 'Goodwill for the cancelled trek' },
    })
    expect(adjust.status).toBeLessThan(500)
    const ledger = await payload.find({
      collection: 'points-transactions',
      where: { user: { equals: member.id } },
      overrideAccess: true,
      depth: 0,
    })
    const sum = ledger.docs.reduce((total, row) => total + Number(row.amount), 0)
    const account = await payload.findByID({ collection: 'users', id: member.id, depth: 0 })
    expect({ ledger: sum, balance: account.obsPoints ?? 0 }).toEqual({
      ledger: sum,
      balance: sum,
    })
  })
})

describe('review round 7: a payment saved while it is refunded', () => {
  // Payments have no lost-update protection, and refunds are recorded on the payment row
  // itself (`refunds[]`, `amountRefunded`, `status`) by server code under its row lock. A
  // super admin's save of payments in the admin (clearing `needsAttention` after a look, on
  // one payment or on a selection in the list) reads the rows without a lock and writes them
  // back whole, the server-written `refunds` array included (Payload keeps the copy it read
  // for fields the caller may not write, then replaces the array rows). If finance's refund
  // commits between that read and that write, the save deletes its record. Finance was told
  // 202 "refund queued", but the refund job then finds no such refund on the payment and
  // sends nothing to Razorpay, silently: the trekker is never paid back, nothing is flagged,
  // and the payment shows the whole amount as still refundable. (Had the job already run,
  // Razorpay would have paid a refund our books no longer show, and a second request would
  // be accepted as if none had been made.) Held
  // deterministically with a bulk save of two payments: Payload reads both, then waits on
  // clearing the super admin's own edit lock of the other payment (a second connection holds
  // that lock row; the bulk save's statements share one connection, so the refunded
  // payment's write waits too) while the refund is requested and commits.
  it('a payment saved while it is refunded keeps the refund, and the refund reaches Razorpay', async () => {
    const roles = await createRoleUsers(payload)
    const { row, booking } = await paidBooking(payload, fake)
    const other = await paidBooking(payload, fake)
    const [saved, refund] = await raceAnEditPausedAfterItsRead(payload, {
      document: { relationTo: 'payments', value: other.row.id },
      editor: roles.super_admin.id,
      edit: () =>
        api(
          'PATCH',
          `/payments?depth=0&where[id][in][0]=${row.id}&where[id][in][1]=${other.row.id}`,
          { token: roles.super_admin.token, body: { needsAttention: false } },
        ),
      racing: () =>
        api('POST', `/payments/${row.id}/refund`, {
          token: roles.finance.token,
          body: { reason: 'Trek cancelled by the trekker' },
        }),
    })
    expect(refund.status).toBe(202)
    expect(saved.status).toBeLessThan(500)
    await runJobs(payload)
    const [after] = await paymentOf(payload, booking.id)
    const reserved = (after.refunds ?? []).reduce((sum, r) => sum + Number(r.amount), 0)
    const sentToRazorpay = fake.requests.filter(
      (r) => r.path.includes('/refund') && r.body?.notes?.bookingId === String(booking.id),
    ).length
    expect({ reserved, sentToRazorpay }).toEqual({ reserved: 12500, sentToRazorpay: 1 })
  })
})

describe('review round 7: a password sign-in racing a password change', () => {
  // Payload's password sign-in reads the whole account row (hash and salt included), checks
  // the password, then stores its new session by writing that copy back whole
  // (addSessionToUser: `db.updateOne({ data: user })`, with the `sessions` list it read plus
  // the new one). Round 6 fixed the copy undoing points (a trigger keeps the balance) and
  // round 5 an erasure (a trigger freezes erased rows), but nothing else in the row is kept:
  // the sign-in does not lock the row before reading it, and the write is not checked for
  // staleness. So a sign-in with the OLD password that read the row just before a password
  // change committed writes the old hash and salt back, and the session list the change had
  // emptied: the old password works again and every revoked access token (the stolen one the
  // trekker changed their password to get rid of) is live again, while the trekker was told
  // "all sign-ins ended". The thief needs only to keep signing in with the old password while
  // the owner changes it. Held deterministically: a second connection holds the account row,
  // the password change queues on it first, then the sign-in reads and queues its write.
  it('a password change racing a sign-in with the old password ends the old password and the old sessions', async () => {
    const { owner: victim, stolen } = await accountWithStolenSession(payload)
    const [changed, signedIn] = await raceBehindHeldRow({
      table: 'users',
      id: victim.id,
      queued: () =>
        api('PATCH', `/users/${victim.id}?depth=0`, {
          token: victim.token,
          body: { currentPassword: TEST_PASSWORD, password: 'Brand-new-pass-9' },
        }),
      racing: () =>
        api('POST', '/users/login', {
          body: { email: victim.email, password: TEST_PASSWORD },
        }),
    })
    expect(changed.status).toBe(200)
    expect(signedIn.status).toBeLessThan(500)
    const oldPassword = await api('POST', '/users/login', {
      body: { email: victim.email, password: TEST_PASSWORD },
    })
    const newPassword = await api('POST', '/users/login', {
      body: { email: victim.email, password: 'Brand-new-pass-9' },
    })
    expect({
      oldPassword: oldPassword.status,
      newPassword: newPassword.status,
      stolenToken: await whoAmI(stolen.body.token),
    }).toEqual({ oldPassword: 401, newPassword: 200, stolenToken: null })
  })
  // The same write-back in the server's own session code: a refresh (POST
  // /api/users/token/refresh) checks the token's credential stamp, then startSession reads
  // the account without a lock and addSessionToUser writes the whole copy back. A thief who
  // holds only a stolen refresh token and rotates it in a loop (each rotation spends one and
  // gets the next) has a rotation in flight when the owner changes the password: the
  // rotation writes the old hash back and files its new refresh token after the change
  // revoked the family, stamped with the old credentials, which now match again. The
  // contract's "after a password change, neither the old refresh token nor access token
  // works" fails: the thief keeps signing in for 30 days per rotation, and the owner's new
  // password no longer works.
  it('a refresh racing a password change does not outlive it', async () => {
    const { owner: victim, stolen } = await accountWithStolenSession(payload)
    const [changed, rotated] = await raceBehindHeldRow({
      table: 'users',
      id: victim.id,
      queued: () =>
        api('PATCH', `/users/${victim.id}?depth=0`, {
          token: victim.token,
          body: { currentPassword: TEST_PASSWORD, password: 'Brand-new-pass-9' },
        }),
      racing: () =>
        api('POST', '/users/token/refresh', {
          body: { refreshToken: stolen.body.refreshToken },
        }),
    })
    expect(changed.status).toBe(200)
    expect(rotated.status).toBeLessThan(500)
    const next =
      rotated.status === 200
        ? (
            await api('POST', '/users/token/refresh', {
              body: { refreshToken: rotated.body.refreshToken },
            })
          ).status
        : 401
    const newPassword = await api('POST', '/users/login', {
      body: { email: victim.email, password: 'Brand-new-pass-9' },
    })
    expect({ thiefRefreshesAgain: next, newPassword: newPassword.status }).toEqual({
      thiefRefreshesAgain: 401,
      newPassword: 200,
    })
  })
})

describe('review round 7: a trek edit racing the last seat', () => {
  // A trek's list card (`nextBatch`, `seatsLeft`) is written onto the trek row by server code
  // (refreshTrekCard, on every seat change). Treks have no lost-update protection, so a
  // catalog edit of the trek (content fixing the fitness advice in the admin) that read the
  // row just before a booking took the last seat writes the old card back: the public list
  // and the trek page's card keep offering "1 seat left" on a departure that is full (the
  // booking itself is then refused with 400, after the trekker chose the trek for it), until
  // the periodic card repair runs. The reverse (a freed seat shown as sold out) loses sales.
  // Held deterministically like the other edits: content's save is paused after its read on
  // clearing content's own edit lock of the trek (a second connection holds the lock row)
  // while the booking commits.
  it('a trek edit saved while the last seat is booked does not bring back the old card', async () => {
    const roles = await createRoleUsers(payload)
    const { trek, batch } = await bookableBatch(payload, { seats: 1 })
    const trekker = await readyTrekker(payload)
    const before = await payload.findByID({ collection: 'treks', id: trek.id, depth: 0 })
    expect(before.seatsLeft).toBe(1)
    const [edited, booked] = await raceAnEditPausedAfterItsRead(payload, {
      document: { relationTo: 'treks', value: trek.id },
      editor: roles.content.id,
      edit: () =>
        api('PATCH', `/treks/${trek.id}?depth=0`, {
          token: roles.content.token,
          body: { fitnessPrep: 'Climb stairs for 30 minutes a day for six weeks' },
        }),
      racing: () => book(trekker.token, batch.id),
    })
    expect(booked.status).toBe(201)
    expect(edited.status).toBeLessThan(500)
    const after = await payload.findByID({ collection: 'treks', id: trek.id, depth: 0 })
    const full = await payload.findByID({ collection: 'batches', id: batch.id, depth: 0 })
    expect(full.status).toBe('full')
    expect(after.seatsLeft ?? 0).toBe(0)
  })
})

describe('review round 7: erasure racing a bulk incident note', () => {
  // Incidents lock their row before an update by id (lockIncidentForUpdate), but a bulk
  // update (`PATCH /api/incidents?where=…`, ops adding one note to every SOS of a batch) reads
  // the rows first and writes each back whole, with no staleness check. An erasure blanks
  // the trekker's resolved incidents (message, latitude, longitude, log notes) with raw SQL;
  // a bulk note that read the incident just before the erasure committed writes the
  // trekker's position, their message (what was wrong with them) and the staff notes back,
  // after the erasure answered 200. The same bulk write can also undo a resolve by the status
  // endpoints (a resolved SOS back to open, its log entry lost). Held deterministically: the
  // bulk note of two incidents reads both, then waits on clearing ops' own edit lock of the
  // other incident (held by a second connection) while the erasure commits.
  it('an erasure committed during a bulk incident note stays erased', async () => {
    const roles = await createRoleUsers(payload)
    const member = await createUser(payload, null)
    const other = await createUser(payload, null)
    const report = (user: { id: number; token: string }, message: string) =>
      api('POST', '/incidents', {
        token: user.token,
        body: { clientId: `r7-${user.id}`, latitude: 30.97, longitude: 78.16, message },
      })
    const mine = await report(member, 'Chest pain and breathless at the col')
    const theirs = await report(other, 'Twisted ankle')
    expect([mine.status, theirs.status]).toEqual([201, 201])
    for (const incident of [mine, theirs]) {
      await payload.update({
        collection: 'incidents',
        id: incident.body.doc.id,
        data: { status: 'resolved' },
        overrideAccess: true,
      })
    }
    const [noted, erased] = await raceAnEditPausedAfterItsRead(payload, {
      document: { relationTo: 'incidents', value: theirs.body.doc.id },
      editor: roles.ops_manager.id,
      edit: () =>
        api(
          'PATCH',
          `/incidents?depth=0&where[id][in][0]=${mine.body.doc.id}&where[id][in][1]=${theirs.body.doc.id}`,
          { token: roles.ops_manager.token, body: { note: 'Debriefed with the batch leader' } },
        ),
      racing: () =>
        api('POST', '/users/me/erase', {
          token: member.token,
          body: { password: TEST_PASSWORD },
        }),
    })
    expect(erased.status).toBe(200)
    expect(noted.status).toBeLessThan(500)
    const after = await payload.findByID({
      collection: 'incidents',
      id: mine.body.doc.id,
      depth: 0,
      overrideAccess: true,
    })
    expect({
      message: after.message ?? null,
      latitude: after.latitude ?? null,
      longitude: after.longitude ?? null,
    }).toEqual({ message: null, latitude: null, longitude: null })
  })
})
