import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { sql } from '@payloadcms/db-postgres'
import type { Payload } from 'payload'

import { addEmergencyContact, book, bookableBatch, DAY, readyTrekker } from '../bookings/support'
import type { FakeRazorpay } from '../fakes/razorpay'
import { connected, untilLockWaiters, untilDoneOrWaiting } from '../helpers/lockWaits'
import { api, graphql } from '../helpers/api'
import { createRoleUsers, createUser, TEST_PASSWORD } from '../helpers/fixtures'
import { whoAmI } from '../users/helpers/session'
import { rawSql, startPaymentsWorld } from '../payments/world'

/**
 * Eighth review round. Each finding was an `it.failing` until the product was fixed; all are
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

async function saltOf(id: number) {
  const { rows } = await rawSql(payload, sql`select salt from users where id = ${id}`)
  return rows[0]?.salt as string | null
}

describe('review round 8: a refresh racing sign-out everywhere', () => {
  // FINDING. Staff sign-out (POST /api/users/:id/sign-out, cs or super admin ending every
  // sign-in of an account whose phone was stolen) revokes the account's refresh tokens, then
  // drops its sessions through the narrowed write of accountCopies. A refresh rotation that
  // spent its token just before (spendRefreshToken commits on its own) and is still starting
  // its new session is not stopped by either step: its spent token is merely marked revoked
  // too, the new session it writes is "started by someone else after the copy was read" so
  // the sign-out keeps it, and the new refresh token it files in the family comes after the
  // revocation. Nothing re-checks the family under the row lock. So a thief who keeps rotating
  // a stolen refresh token survives "every sign-in of this account has ended" (200) with a
  // live access token and a fresh 30-day refresh token; the same holds for the owner's own
  // `POST /api/users/logout?allSessions=true`. No credential changes here, so round 7's
  // credential stamp does not help. Held deterministically: a second connection holds the
  // account row; the rotation (token already spent) queues its session write on it, then the
  // sign-out revokes the tokens and queues its session write behind it. Expected: after the
  // sign-out answers 200, neither the rotation's access token nor its refresh token works (the
  // rotation may get 401, or wait for the sign-out and then be refused).
  it('a refresh in flight during a staff sign-out does not outlive it', async () => {
    const roles = await createRoleUsers(payload)
    const victim = await createUser(payload, null)
    const stolen = await api('POST', '/users/login', {
      body: { email: victim.email, password: TEST_PASSWORD },
    })
    expect(stolen.status).toBe(200)
    const blocker = await connected()
    const monitor = await connected()
    let rotated: { status: number; body: any }
    try {
      await blocker.query('begin')
      await blocker.query('select id from users where id = $1 for update', [victim.id])
      const rotation = api('POST', '/users/token/refresh', {
        body: { refreshToken: stolen.body.refreshToken },
      })
      await untilLockWaiters(monitor, 1)
      const signOut = api('POST', `/users/${victim.id}/sign-out`, { token: roles.cs.token })
      await untilDoneOrWaiting(monitor, 2, signOut)
      await blocker.query('rollback')
      const [answer, signedOut] = await Promise.all([rotation, signOut])
      expect(signedOut.status).toBe(200)
      expect(answer.status).toBeLessThan(500)
      rotated = answer
    } finally {
      await blocker.end()
      await monitor.end()
    }
    const accessToken =
      rotated.status === 200 ? ((await whoAmI(rotated.body.token))?.id ?? null) : null
    const refreshAgain =
      rotated.status === 200
        ? (
            await api('POST', '/users/token/refresh', {
              body: { refreshToken: rotated.body.refreshToken },
            })
          ).status
        : 401
    expect({ accessToken, refreshAgain }).toEqual({ accessToken: null, refreshAgain: 401 })
  })
})

describe('review round 8: the lockout write after parallel wrong passwords', () => {
  // FINDING. When parallel wrong passwords push `loginAttempts` to the maximum without any of
  // them having set `lockUntil`, Payload's incrementLoginAttempts locks the account and then
  // "removes recent sessions" by writing back the whole user object the failed sign-in read at
  // its start (`db.updateOne({ data: user })`, with no `req`). accountCopies only narrows writes
  // that carry a `req`, so this write goes through whole: every column of the stale copy
  // (staff role, hash, salt, e-mail, phone, profile) overwrites what committed since the
  // sign-in read the row. A super admin who demotes a staff member (the `staffRole` cleared,
  // the person keeps a trekker account) while wrong passwords are being tried on that account
  // sees the role come back: the dismissed ops manager again reads every trekker's health data
  // and cancels bookings. The same write restores an old password hash or phone number changed
  // meanwhile. Held deterministically: a second connection plays the parallel wrong attempt
  // (it holds the row with loginAttempts + 1), the failed sign-in's increment queues on it,
  // and the demotion queues behind; the sign-in's final write must wait for the demotion's
  // commit. Expected: the demotion stays (the lockout writes only lockUntil and sessions).
  it('a demotion saved while wrong passwords lock the account stays', async () => {
    const roles = await createRoleUsers(payload)
    const staff = await createUser(payload, 'ops_manager')
    const blocker = await connected()
    const monitor = await connected()
    try {
      await blocker.query('update users set login_attempts = 3 where id = $1', [staff.id])
      await blocker.query('begin')
      // The other wrong attempt, running in parallel.
      await blocker.query('update users set login_attempts = login_attempts + 1 where id = $1', [
        staff.id,
      ])
      const wrong = api('POST', '/users/login', {
        body: { email: staff.email, password: 'not-the-password-1' },
      })
      await untilLockWaiters(monitor, 1)
      const demotion = api('PATCH', `/users/${staff.id}?depth=0`, {
        token: roles.super_admin.token,
        body: { staffRole: null },
      })
      await untilDoneOrWaiting(monitor, 2, demotion)
      await blocker.query('commit')
      const [failed, demoted] = await Promise.all([wrong, demotion])
      expect(demoted.status).toBe(200)
      expect(failed.status).toBeLessThan(500)
    } finally {
      await blocker.end()
      await monitor.end()
    }
    const after = await payload.findByID({
      collection: 'users',
      id: staff.id,
      depth: 0,
      overrideAccess: true,
    })
    expect(after.staffRole ?? null).toBeNull()
  })
  // The same write undoes a password reset that commits while it runs: the reset signs its
  // caller in (so the account has a session, and the lockout's write is not skipped), and the
  // lockout then writes back the old hash and salt and the reset token's old expiry. The old
  // password is the account's again once the 15-minute lock ends, the new one is not, and the
  // spent reset link works a second time. An attacker who knows the old password and keeps
  // guessing in parallel while the owner resets it gets the account back.
  it('a password reset saved while wrong passwords lock the account stays', async () => {
    const victim = await createUser(payload, null)
    const token = `r8-lockout-${victim.id}-0123456789abcdef`
    await rawSql(
      payload,
      sql`update users set reset_password_token = ${token}, login_attempts = 3,
          reset_password_expiration = now() + interval '1 hour' where id = ${victim.id}`,
    )
    const saltBefore = await saltOf(victim.id)
    const blocker = await connected()
    const monitor = await connected()
    try {
      await blocker.query('begin')
      await blocker.query('update users set login_attempts = login_attempts + 1 where id = $1', [
        victim.id,
      ])
      const wrong = api('POST', '/users/login', {
        body: { email: victim.email, password: 'not-the-password-1' },
      })
      await untilLockWaiters(monitor, 1)
      const reset = api('POST', '/users/reset-password', {
        body: { token, password: 'Brand-new-pass-9' },
      })
      await untilDoneOrWaiting(monitor, 2, reset)
      await blocker.query('commit')
      const [failed, reseted] = await Promise.all([wrong, reset])
      expect(reseted.status).toBe(200)
      expect(failed.status).toBeLessThan(500)
    } finally {
      await blocker.end()
      await monitor.end()
    }
    const saltKept = (await saltOf(victim.id)) !== saltBefore
    const again = await api('POST', '/users/reset-password', {
      body: { token, password: 'Attacker-pass-77' },
    })
    expect({ saltKept, resetAgain: again.status }).toEqual({ saltKept: true, resetAgain: 403 })
  })
})

describe('review round 8: a bulk batch edit racing a trek edit', () => {
  // FINDING. Trek edits lock every batch of the trek in id order before the trek row
  // (noLostTrekUpdates). A bulk edit of batches (`PATCH /api/batches?where[trek][equals]=…`,
  // ops assigning one guide or a new price to all departures of a trek from the admin list)
  // locks each batch as it writes it, in the order Payload found them: the batches' default
  // sort, by start date. When a later-created batch departs earlier (normal: a departure
  // added in the spring for the coming autumn), the two lock the same rows in opposite
  // orders. PostgreSQL's deadlock detector then kills one: a 500 for ops or content, their
  // edit lost. Held deterministically: a second connection holds the earlier-created batch;
  // the trek edit queues on it (holding nothing yet), the bulk edit locks the other batch and
  // queues behind; when the holder lets go, each waits for the other. Expected: both edits
  // succeed (one waits for the other).
  it('a bulk edit of a trek’s batches and an edit of the trek do not deadlock', async () => {
    const roles = await createRoleUsers(payload)
    const { trek, batch: later } = await bookableBatch(payload, { startsInDays: 90 })
    const start = new Date(Date.now() + 45 * DAY)
    const sooner = await payload.create({
      collection: 'batches',
      data: {
        trek: trek.id,
        startDate: start.toISOString(),
        endDate: new Date(start.getTime() + 5 * DAY).toISOString(),
        totalSeats: 10,
        price: 12500,
        status: 'open',
      },
      overrideAccess: true,
    })
    expect(sooner.id).toBeGreaterThan(later.id)
    const blocker = await connected()
    const monitor = await connected()
    try {
      await blocker.query('begin')
      await blocker.query('select id from batches where id = $1 for update', [later.id])
      const trekEdit = api('PATCH', `/treks/${trek.id}?depth=0`, {
        token: roles.content.token,
        body: { fitnessPrep: 'Climb stairs for 30 minutes a day for six weeks' },
      })
      await untilLockWaiters(monitor, 1)
      const bulk = api('PATCH', `/batches?depth=0&where[trek][equals]=${trek.id}`, {
        token: roles.ops_manager.token,
        body: { price: 13500 },
      })
      await untilDoneOrWaiting(monitor, 2, bulk)
      await blocker.query('rollback')
      const [trekEdited, bulkEdited] = await Promise.all([trekEdit, bulk])
      expect({ trek: trekEdited.status, batches: bulkEdited.status }).toEqual({
        trek: 200,
        batches: 200,
      })
    } finally {
      await blocker.end()
      await monitor.end()
    }
  })
})

describe('review round 8: a sign-in during a password reset', () => {
  // FINDING. Payload's reset-password reads the account (by reset token) without a lock,
  // hashes the new password, then writes the copy back with `sessions: []`: "every sign-in
  // ends". accountCopies narrows that write to the sessions the reset itself read, and keeps
  // "sessions someone else started after the copy was read". But a session started in that
  // window was granted on the OLD password, the very credential the reset replaces: the
  // reset neither refuses nor drops it. A trekker who resets a password because someone else
  // knows it, while that person keeps signing in with it, leaves them a working access token
  // (an hour of reading the profile, health data, bookings, and cancelling them) after the
  // reset answered 200. Held deterministically: the reset is paused between its read and its
  // write (a test-only beforeValidate hook on the reset's data stands for the time the
  // hashing of the new password takes), the thief signs in with the old password and commits,
  // then the reset goes on. Expected: the thief's access token is dead after the reset (or the
  // thief's sign-in waits for the reset and gets 401).
  it('a sign-in with the old password during a reset does not outlive the reset', async () => {
    const victim = await createUser(payload, null)
    const token = `r8-reset-${victim.id}-0123456789abcdef`
    await rawSql(
      payload,
      sql`update users set reset_password_token = ${token},
          reset_password_expiration = now() + interval '1 hour' where id = ${victim.id}`,
    )
    let release!: () => void
    const released = new Promise<void>((resolve) => (release = resolve))
    let reached!: () => void
    const reachedHook = new Promise<void>((resolve) => (reached = resolve))
    const hooks = payload.collections.users.config.hooks
    const pauseReset = async ({ data }: { data?: Record<string, unknown> }) => {
      if (data?.resetPasswordToken === token) {
        reached()
        await released
      }
      return data
    }
    hooks.beforeValidate = [...(hooks.beforeValidate ?? []), pauseReset as never]
    const monitor = await connected()
    let thief: { status: number; body: any }
    try {
      const reset = api('POST', '/users/reset-password', {
        body: { token, password: 'Brand-new-pass-9' },
      })
      await reachedHook
      const signIn = api('POST', '/users/login', {
        body: { email: victim.email, password: TEST_PASSWORD },
      })
      await untilDoneOrWaiting(monitor, 1, signIn)
      release()
      const [reseted, signedIn] = await Promise.all([reset, signIn])
      expect(reseted.status).toBe(200)
      thief = signedIn
    } finally {
      release()
      hooks.beforeValidate = hooks.beforeValidate!.filter((hook) => hook !== (pauseReset as never))
      await monitor.end()
    }
    expect(thief.status).toBeLessThan(500)
    const thiefSignedIn =
      thief.status === 200 ? ((await whoAmI(thief.body.token))?.id ?? null) : null
    expect({ thiefSignedIn, ownerBefore: (await whoAmI(victim.token))?.id ?? null }).toEqual({
      thiefSignedIn: null,
      ownerBefore: null,
    })
  })
})

describe('review round 8: signing out everywhere through GraphQL', () => {
  // FINDING. Payload's GraphQL `logoutUser(allSessions: true)` ends every Payload session of
  // the account, like REST `POST /api/users/logout?allSessions=true`. But the hook that ends
  // the refresh tokens (endSignInOnLogout) learns "everywhere" only from the URL's
  // `?allSessions=true`, which a GraphQL request does not have: it revokes the caller's own
  // sign-in and leaves every other device's refresh token alive. A trekker who signs out
  // everywhere from an app that speaks GraphQL (say after losing a phone) is answered `true`,
  // the lost phone's access token stops, and its refresh token silently trades itself for a
  // new session for up to 30 days. Expected: after `logoutUser(allSessions: true)`, the other
  // sign-in's refresh token is refused (401), as after the REST call.
  it('GraphQL logoutUser(allSessions: true) ends the other sign-ins’ refresh tokens', async () => {
    const user = await createUser(payload, null)
    const signIn = () =>
      api('POST', '/users/login', { body: { email: user.email, password: TEST_PASSWORD } })
    const mine = await signIn()
    const lostPhone = await signIn()
    expect([mine.status, lostPhone.status]).toEqual([200, 200])
    const out = await graphql('mutation { logoutUser(allSessions: true) }', {}, mine.body.token)
    expect(out.status).toBe(200)
    expect(out.body.errors).toBeUndefined()
    const refreshed = await api('POST', '/users/token/refresh', {
      body: { refreshToken: lostPhone.body.refreshToken },
    })
    expect({
      lostPhoneAccess: (await whoAmI(lostPhone.body.token))?.id ?? null,
      lostPhoneRefresh: refreshed.status,
    }).toEqual({ lostPhoneAccess: null, lostPhoneRefresh: 401 })
  })
})

describe('review round 8: a contact edit racing the erasure', () => {
  // FINDING (low). Emergency contacts are not among the collections with lost-update
  // protection: an edit (PATCH /api/emergency-contacts/:id) reads the contact without a lock,
  // and an erasure deletes the trekker's contacts (under the account's lock, not the
  // contact's). An edit that read the contact just before the erasure deleted it writes to
  // no row, and Payload then runs its read hooks on `null`: "Cannot read properties of null
  // (reading 'user')", a 500. Nothing comes back (the contact stays deleted), but the
  // caller gets a server error instead of 404, and the same holds for a trekker editing a
  // contact while deleting it from another device. Held deterministically: a second
  // connection holds the contact row; the erasure's delete queues on it first, then the
  // edit (already past its read) queues its write. Expected: the edit answers 4xx (it may
  // wait for the erasure and then find no contact) and the contact is gone.
  it('an emergency contact edited while the account is erased is gone afterwards, without a 500', async () => {
    const member = await createUser(payload, null)
    const contact = await addEmergencyContact(member.token)
    const blocker = await connected()
    const monitor = await connected()
    try {
      await blocker.query('begin')
      await blocker.query('select id from emergency_contacts where id = $1 for update', [
        contact.id,
      ])
      const erasure = api('POST', '/users/me/erase', {
        token: member.token,
        body: { password: TEST_PASSWORD },
      })
      await untilLockWaiters(monitor, 1)
      const edit = api('PATCH', `/emergency-contacts/${contact.id}?depth=0`, {
        token: member.token,
        body: { name: 'Asha Rao-Mehta', phone: '+919812345671' },
      })
      await untilDoneOrWaiting(monitor, 2, edit)
      await blocker.query('rollback')
      const [erased, edited] = await Promise.all([erasure, edit])
      expect(erased.status).toBe(200)
      expect(edited.status).toBeLessThan(500)
    } finally {
      await blocker.end()
      await monitor.end()
    }
    const left = await payload.find({
      collection: 'emergency-contacts',
      where: { user: { equals: member.id } },
      overrideAccess: true,
    })
    expect(left.totalDocs).toBe(0)
  })
})

describe('review round 8: a batch deleted while it is booked', () => {
  // FINDING (low). Round 5 made deleting a batch that has bookings a 400
  // (refuseDeleteWhileUsed counts the bookings first). The count takes no lock, so a booking
  // that holds the batch's lock while the count runs (a trekker booking at that moment)
  // commits just before the delete: the delete then fails in PostgreSQL (bookings.batch_id
  // is set null on delete and is NOT NULL), a 500 for ops instead of the 400 that says what
  // to do. The same unlocked count guards treks, badges and the other refuseDeleteWhileUsed
  // users; where the referencing column may be null, the row would be silently orphaned
  // instead. Held deterministically: a second connection holds the batch row; the booking
  // queues on it, the delete counts no booking and queues its delete behind. Expected: the
  // booking stands and the delete is refused with 4xx (it may wait for the booking).
  it('a batch deleted while a seat is being booked on it gets a 4xx, not a 500', async () => {
    const roles = await createRoleUsers(payload)
    const { batch } = await bookableBatch(payload)
    const trekker = await readyTrekker(payload)
    const blocker = await connected()
    const monitor = await connected()
    let booked: { status: number; body: any }
    let deleted: { status: number; body: any }
    try {
      await blocker.query('begin')
      await blocker.query('select id from batches where id = $1 for update', [batch.id])
      const booking = book(trekker.token, batch.id)
      await untilLockWaiters(monitor, 1)
      const removal = api('DELETE', `/batches/${batch.id}`, { token: roles.ops_manager.token })
      await untilDoneOrWaiting(monitor, 2, removal)
      await blocker.query('rollback')
      ;[booked, deleted] = await Promise.all([booking, removal])
    } finally {
      await blocker.end()
      await monitor.end()
    }
    const { rows } = await rawSql(
      payload,
      sql`select b.id from bookings b join batches t on t.id = b.batch_id
          where b.user_id = ${trekker.id}`,
    )
    expect(booked.status).toBe(201)
    expect(rows).toHaveLength(1)
    expect(deleted.status).toBeLessThan(500)
  })
})
