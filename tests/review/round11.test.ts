import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import {
  connected,
  raceBehindHeldRow,
  untilDoneOrWaiting,
  untilLockWaiters,
} from '../helpers/lockWaits'
import { api } from '../helpers/api'
import { createRoleUsers, createUser, TEST_PASSWORD, unique } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'
import {
  confirmationTokenFor,
  emailChangeByStolenSession,
  useSmtpFake,
} from '../users/helpers/emailChange'
import { useFakeIdentityProviders } from '../users/helpers/fakeIdentityProviders'
import { accountWithStolenSession, whoAmI } from '../users/helpers/session'

/**
 * Eleventh review round: what round 10's fix (ending every sign-in also ends a pending e-mail
 * change and clears linked Google/Apple accounts) does to the owner's own sign-ins and
 * requests. Each finding was an `it.failing` until the product was fixed; all are regression
 * tests now.
 */
let payload: Payload
let roles: Awaited<ReturnType<typeof createRoleUsers>>
const { google, apple } = useFakeIdentityProviders()

beforeAll(async () => {
  payload = await testPayload()
  roles = await createRoleUsers(payload)
})

describe('review round 11: a password change and the owner’s own Google account', () => {
  // FINDING (medium; the member loses their account's history, and cannot undo it). The
  // README promises that after a password change, reset or staff sign-out "the owner's own
  // [Google or Apple account] links itself again at their next sign-in with it, through the
  // verified e-mail". That only holds when the Google address is the OBS address. A member
  // whose OBS e-mail is asha@obs.test links their Google account asha.rawat@gmail (the
  // documented POST /api/users/google/link, meant exactly for the case where the addresses
  // differ or linking by e-mail was refused). They change their password: googleSub is
  // cleared. Their next "Sign in with Google" finds no account by sub and none by address, so
  // it silently creates a brand-new, empty account (no bookings, points, tier, posts), answers
  // 200, and that new account now owns the Google sub: linking it back to the real account
  // from a password session is refused with 409 ("already linked to another OBS account"),
  // and nothing can unlink it. Same for a phone-only account that linked Google, and for an
  // Apple relay address. Expected: the owner's Google sign-in after their own password change
  // reaches their own account (or, at the least, is refused with a 4xx rather than opening a
  // second account that takes the Google identity), and linking it back works.
  it('after a password change the owner’s Google sign-in reaches their own account, not a new one', async () => {
    const owner = await createUser(payload, null)
    const sub = unique('own-google')
    const gmail = `${unique('own')}@gmail.test`.toLowerCase()
    const googleToken = () => google.sign(sub, { claims: { email: gmail, email_verified: true } })

    const linked = await api('POST', '/users/google/link', {
      token: owner.token,
      body: { idToken: await googleToken(), currentPassword: TEST_PASSWORD },
    })
    expect(linked.status).toBe(200)
    const before = await api('POST', '/users/google', { body: { idToken: await googleToken() } })
    expect(before.status).toBe(200)
    expect(before.body.user.id).toBe(owner.id)

    const changed = await api('PATCH', `/users/${owner.id}`, {
      token: owner.token,
      body: { currentPassword: TEST_PASSWORD, password: 'Owner-new-pass-123' },
    })
    expect(changed.status).toBe(200)

    const after = await api('POST', '/users/google', { body: { idToken: await googleToken() } })
    expect(after.status).toBeLessThan(500)
    const signIn = await api('POST', '/users/login', {
      body: { email: owner.email, password: 'Owner-new-pass-123' },
    })
    expect(signIn.status).toBe(200)
    const relinked = await api('POST', '/users/google/link', {
      token: signIn.body.token,
      body: { idToken: await googleToken(), currentPassword: 'Owner-new-pass-123' },
    })
    expect({
      googleReachesOwner: after.status === 200 && after.body.user?.id === owner.id,
      secondAccountOpened: after.status === 200 && after.body.isNewUser === true,
      relinkStatus: relinked.status,
    }).toEqual({ googleReachesOwner: true, secondAccountOpened: false, relinkStatus: 200 })
  })
})

describe('review round 11: a staff sign-out of a Sign in with Apple account', () => {
  // FINDING (medium; a member locked out of their only way in by customer support). A member
  // who signed up with "Sign in with Apple" and "Hide My Email" has an account whose e-mail is
  // the relay address, no password and no phone: Apple is the only way in. They tell support
  // their phone was stolen; cs does what the product offers, POST /api/users/:id/sign-out.
  // Since round 10 that also clears appleSub. Their next Sign in with Apple finds no account
  // by sub; the account holding the relay address may not be linked by e-mail (relay
  // addresses never are), so the answer is 409 "sign in with your password or phone, then
  // link Apple", and the account has neither. The README's "the owner's own links itself
  // again at their next sign-in" does not hold for relay addresses. Expected: after a staff
  // sign-out the owner's Apple sign-in reaches their account again (200, same id).
  it('after a staff sign-out the owner signs in with Apple again', async () => {
    const sub = unique('apple')
    const relay = `${unique('relay')}@privaterelay.appleid.com`
    const claims = { email: relay, email_verified: 'true', is_private_email: 'true' }
    const first = await api('POST', '/users/apple', {
      body: { idToken: await apple.sign(sub, { claims }), firstName: 'Pasang', lastName: 'Lhamu' },
    })
    expect(first.status).toBe(200)
    const accountId = first.body.user.id

    const signedOut = await api('POST', `/users/${accountId}/sign-out`, { token: roles.cs.token })
    expect(signedOut.status).toBe(200)

    const again = await api('POST', '/users/apple', {
      body: { idToken: await apple.sign(sub, { claims }) },
    })
    expect({ status: again.status, id: again.body.user?.id }).toEqual({
      status: 200,
      id: accountId,
    })
  })
})

describe('review round 11: a new password and a new e-mail saved together', () => {
  const smtp = useSmtpFake()

  // FINDING (low; a request answered as accepted and then dropped). PATCH /api/users/:id
  // {password, email} by the holder answers 200 with the new address in `pendingEmail` and
  // mails a confirmation link to it. But the afterChange hooks run in the order
  // revokeSessionsOnPasswordChange, then sendEmailChangeMails: the password change's
  // endCredentialGrants clears `pendingEmail` before the e-mail
  // change row is issued, so the link that is then mailed is for an account with no pending
  // change and POST /api/users/email/confirm always answers 400 "invalid, already used or
  // expired". Expected: either the change asked for with the new password stands (the link
  // works and swaps the address in), or the PATCH does not report it as pending and mails no
  // link.
  it('an e-mail change saved with a new password can be confirmed', async () => {
    const owner = await createUser(payload, null)
    const next = `${unique('new')}@obs.test`.toLowerCase()
    const changed = await api('PATCH', `/users/${owner.id}`, {
      token: owner.token,
      body: { currentPassword: TEST_PASSWORD, password: 'Owner-new-pass-456', email: next },
    })
    expect(changed.status).toBe(200)
    expect(changed.body.doc.pendingEmail).toBe(next)

    const confirmed = await api('POST', '/users/email/confirm', {
      body: { token: await confirmationTokenFor(payload, smtp, next) },
    })
    const row = (await payload.db.findOne({
      collection: 'users',
      where: { id: { equals: owner.id } },
    })) as { email?: string } | null
    expect({ status: confirmed.status, email: row?.email }).toEqual({ status: 200, email: next })
  })
})

describe('review round 11: a stolen session’s e-mail change confirmed during the password change', () => {
  const smtp = useSmtpFake()

  // FINDING (medium; account takeover that survives the owner's recovery, in a race). Round
  // 10 made a password change end a pending e-mail change "a stolen session asked for". But
  // POST /api/users/email/confirm checks `pendingEmail` on a plain read (confirmEmailChange:
  // spendToken, findAccount, then an unconditional write of `email`), not under the row's
  // lock. The thief's confirmation that read the pending change just before the owner's
  // password change commits writes the thief's address after it: the cancel found nothing
  // left to cancel (the token was spent outside the transaction) and the write does not check
  // that the change is still pending. The account ends with the thief's inbox as its e-mail,
  // and a forgot-password hands it over for good, after the owner did what the product says
  // ends the thief's access. Held deterministically: a second connection holds the account
  // row; the owner's PATCH {password} queues on it first, then the thief's confirmation (which
  // has already read pendingEmail) queues its write behind it. Expected: a confirmation whose
  // change a password change cancelled meanwhile does not swap the address in (400, as for a
  // spent link), and the account keeps the owner's e-mail.
  it('a confirmation racing the owner’s password change does not swap the e-mail in', async () => {
    const { owner, link } = await emailChangeByStolenSession(payload, smtp)

    const [changed, confirmed] = await raceBehindHeldRow({
      table: 'users',
      id: owner.id,
      queued: () =>
        api('PATCH', `/users/${owner.id}`, {
          token: owner.token,
          body: { currentPassword: TEST_PASSWORD, password: 'Owner-new-pass-789' },
        }),
      racing: () => api('POST', '/users/email/confirm', { body: { token: link } }),
    })
    expect(changed.status).toBe(200)
    expect(confirmed.status).toBeLessThan(500)
    const row = (await payload.db.findOne({
      collection: 'users',
      where: { id: { equals: owner.id } },
    })) as { email?: string } | null
    expect(row?.email).toBe(owner.email)
  })
})

describe('review round 11: a Google sign-in in flight during a staff sign-out', () => {
  // FINDING (medium; the intruder cs meant to expel keeps a 30-day way in). Round 10 made a
  // staff sign-out (POST /api/users/:id/sign-out) also unlink Google and Apple, so that a
  // Google account a stolen session linked stops reaching the account. But a linked
  // provider is not among the credentials a racing sign-in is checked against (accountCopies:
  // hash, salt, e-mail, phone), and a sign-out changes none of those. The thief's Google
  // sign-in that found the account by its googleSub just before the sign-out commits writes
  // its session after it: it gets 200, an access token and a refresh token (stamped on the
  // unchanged salt, so it keeps rotating) on an account whose link to that Google account
  // no longer exists, and "every sign-in has ended" is not true. Held deterministically: a
  // second connection holds the account row; cs's sign-out queues on it first, then the
  // thief's Google sign-in (account already found by the sub) queues its session write behind
  // it. Expected: a provider sign-in whose link was removed while it ran gets no session
  // (401, as a sign-in racing a password or phone change), or its session and refresh token
  // do not outlive the sign-out.
  // Fixed (session 6): the sign-out ends the link the stolen session made, and a provider
  // sign-in holds the account's row lock from finding it by the link to writing its session.
  it('a Google sign-in racing a staff sign-out does not outlive it', async () => {
    const { owner, stolen } = await accountWithStolenSession(payload)
    const thiefSub = unique('thief-google')
    const thiefEmail = `${unique('thief')}@gmail.test`.toLowerCase()
    const thiefToken = () =>
      google.sign(thiefSub, { claims: { email: thiefEmail, email_verified: true } })
    // The thief has the password too (phished): the sign-out is what must stop them.
    const linked = await api('POST', '/users/google/link', {
      token: stolen.body.token,
      body: { idToken: await thiefToken(), currentPassword: TEST_PASSWORD },
    })
    expect(linked.status).toBe(200)
    const idToken = await thiefToken()

    const blocker = await connected()
    const monitor = await connected()
    let signIn: { status: number; body: any }
    try {
      await blocker.query('begin')
      await blocker.query('select id from users where id = $1 for update', [owner.id])
      const signOut = api('POST', `/users/${owner.id}/sign-out`, { token: roles.cs.token })
      await untilLockWaiters(monitor, 1)
      const thief = api('POST', '/users/google', { body: { idToken } })
      await untilDoneOrWaiting(monitor, 2, thief)
      await blocker.query('rollback')
      const [signedOut, thiefAnswer] = await Promise.all([signOut, thief])
      expect(signedOut.status).toBe(200)
      expect(thiefAnswer.status).toBeLessThan(500)
      signIn = thiefAnswer
    } finally {
      await blocker.end()
      await monitor.end()
    }

    const reached = signIn.status === 200 && signIn.body.user?.id === owner.id
    const stillIn = reached ? (await whoAmI(signIn.body.token))?.id === owner.id : false
    const refreshed = reached
      ? (
          await api('POST', '/users/token/refresh', {
            body: { refreshToken: signIn.body.refreshToken },
          })
        ).status
      : 401
    expect({ stillIn, refreshWorks: refreshed === 200 }).toEqual({
      stillIn: false,
      refreshWorks: false,
    })
  })
})
