import { get, json, message, object, phone, post, session, type ContractEndpoint } from './describe'

const idToken = object({ idToken: { type: 'string' } }, ['idToken'])

/** Signing in, and the account's own credentials. */
export const signInEndpoints: ContractEndpoint[] = [
  post('/api/users/login', {
    tag: 'Sign-in',
    summary: 'Sign in with e-mail and password',
    description:
      '401 for a wrong password or an unknown e-mail (and for an account locked after 5 wrong ' +
      'passwords). 429 with Retry-After once a client (an IPv4 address or an IPv6 /64) has ' +
      'failed SIGN_IN_MAX_FAILURES_PER_CLIENT (30) sign-ins in 15 minutes, whatever the ' +
      'password; successful sign-ins do not count.',
    who: 'anyone',
    body: object({ email: { type: 'string', format: 'email' }, password: { type: 'string' } }, [
      'email',
      'password',
    ]),
    responses: { '200': session },
    alsoErrors: [401, 429],
  }),
  post('/api/users/otp/request', {
    tag: 'Sign-in',
    summary: 'Send a 6-digit sign-in code by SMS',
    description:
      'Answers 202 whether or not the phone has an account. 429 with Retry-After past the ' +
      'resend wait or the hourly caps per phone and per client (an IPv4 address or an IPv6 /64).',
    who: 'anyone',
    body: object({ phone }, ['phone']),
    responses: { '202': message('Code sent') },
    alsoErrors: [429],
  }),
  post('/api/users/otp/verify', {
    tag: 'Sign-in',
    summary: 'Sign in or up with the SMS code',
    description:
      '403 "Staff accounts sign in with their e-mail and password." when the phone belongs to ' +
      'a staff account (any role): the code is spent and no session is made. 409 when the ' +
      'number was lately taken off an account (a password reset or change) or moved off one ' +
      '(an e-mail undo link can put it back): the message says how to sign in instead.',
    who: 'anyone',
    body: object({ phone, code: { type: 'string', pattern: '^\\d{6}$' } }, ['phone', 'code']),
    responses: { '200': session },
    alsoErrors: [401, 403, 409, 429],
  }),
  post('/api/users/google', {
    tag: 'Sign-in',
    summary: 'Sign in or up with a Google ID token',
    description:
      '409 when an account with that e-mail exists but is not linked to Google: sign in to ' +
      'it and link with POST /api/users/google/link.',
    who: 'anyone',
    body: idToken,
    responses: { '200': session },
    alsoErrors: [401, 409, 503],
  }),
  post('/api/users/apple', {
    tag: 'Sign-in',
    summary: 'Sign in or up with a Sign in with Apple ID token',
    description: 'Apple sends the name only on the first sign-in; pass it along then.',
    who: 'anyone',
    body: object(
      { idToken: { type: 'string' }, firstName: { type: 'string' }, lastName: { type: 'string' } },
      ['idToken'],
    ),
    responses: { '200': session },
    alsoErrors: [401, 409, 503],
  }),
  post('/api/users/token/refresh', {
    tag: 'Sign-in',
    summary: 'Rotate a refresh token into a new session',
    description: 'Single use: presenting a spent refresh token revokes its whole family.',
    who: 'anyone',
    body: object({ refreshToken: { type: 'string' } }, ['refreshToken']),
    responses: { '200': session },
    alsoErrors: [401],
  }),
  post('/api/users/logout', {
    tag: 'Sign-in',
    summary: 'Sign out and revoke the refresh token family',
    who: 'signedIn',
    body: object({ refreshToken: { type: 'string' } }),
    responses: { '200': message() },
  }),
]

const linked = (provider: string) =>
  object({ message: { type: 'string' }, provider: { type: 'string', enum: [provider] } }, [
    'message',
    'provider',
  ])

/** What a signed-in account changes about its own sign-in, and what staff do to others'. */
export const accountEndpoints: ContractEndpoint[] = [
  ...(['google', 'apple'] as const).map((provider) =>
    post(`/api/users/${provider}/link`, {
      tag: 'Sign-in',
      summary: `Link a ${provider === 'google' ? 'Google' : 'Sign in with Apple'} account to the caller`,
      description:
        'For an account that got 409 from the provider sign-in: sign in another way, then ' +
        'link. A session alone adds no way in: the holder is proved by `currentPassword`, or ' +
        "by `currentCode`, a code requested for the account's proven phone (400 without " +
        "either, 401 wrong, 429 after 5 failed proofs an hour). The account's address is " +
        'told. 409 when the provider account already belongs to someone else.',
      who: 'signedIn',
      body: object(
        {
          idToken: { type: 'string' },
          currentPassword: { type: 'string' },
          currentCode: { type: 'string', pattern: '^\\d{6}$' },
        },
        ['idToken'],
      ),
      responses: {
        '200': {
          description: 'Linked',
          content: { 'application/json': { schema: linked(provider) } },
        },
      },
      alsoErrors: [409, 429, 503],
    }),
  ),
  post('/api/users/phone/change', {
    tag: 'Sign-in',
    summary: "Change the caller's phone with a code sent to the new number",
    description:
      'Request the code with POST /api/users/otp/request for the new number first. The holder ' +
      'is proved by `currentPassword`, or by `currentCode`, a code requested for the ' +
      "account's current phone; the old number and the account's address are told.",
    who: 'signedIn',
    body: object(
      {
        phone,
        code: { type: 'string', pattern: '^\\d{6}$' },
        currentPassword: { type: 'string' },
        currentCode: { type: 'string', pattern: '^\\d{6}$' },
      },
      ['phone', 'code'],
    ),
    responses: {
      '200': {
        description: 'Changed',
        content: {
          'application/json': {
            schema: object({ message: { type: 'string' }, phone }, ['message', 'phone']),
          },
        },
      },
    },
    alsoErrors: [401, 409, 429],
  }),
  post('/api/users/email/confirm', {
    tag: 'Sign-in',
    summary: 'Confirm a new e-mail address with the token from the link mailed to it',
    description:
      'A change of e-mail (PATCH /api/users/:id) waits here: the link works once and for 24 ' +
      "hours. Swaps the address in, marks it verified and ends the account's other sign-ins. " +
      '409 when the address has meanwhile been taken by another account.',
    who: 'anyone',
    body: object({ token: { type: 'string' } }, ['token']),
    responses: { '200': message('E-mail address changed') },
    alsoErrors: [409],
  }),
  post('/api/users/email/undo', {
    tag: 'Sign-in',
    summary: 'Take an account back after an e-mail change, with the link mailed to the old address',
    description:
      'When a change of e-mail is confirmed, the address it replaced gets a link that works once ' +
      "and for 7 days. With its token and a new password, the old address is the account's " +
      'again (verified), the password is replaced, and every sign-in, waiting e-mail change, ' +
      'reset link and Google or Apple link ends, as does a phone changed in the last 30 days. ' +
      'An account that had no address gets the link by SMS at its proven phone instead: the ' +
      'undo takes the added address off (`email` is null in the answer) and gives back the ' +
      'phone the link was texted to, to sign in with as before. ' +
      'The caller is not signed in. 400 for a bad, used or expired link or a password of fewer ' +
      'than 8 characters; 409 when the old address, or the texted phone, now belongs to another ' +
      'account (nothing changes, and the link stays usable); 429 after 10 failed tries an hour ' +
      'from one client address.',
    who: 'anyone',
    body: object({ token: { type: 'string' }, password: { type: 'string', minLength: 8 } }, [
      'token',
      'password',
    ]),
    responses: {
      '200': json(
        'E-mail address put back (or the added one taken off), password changed',
        object(
          {
            message: { type: 'string' },
            email: { type: 'string', format: 'email', nullable: true },
          },
          ['message', 'email'],
        ),
      ),
    },
    alsoErrors: [409, 429],
  }),
  get('/api/users/me/export', {
    tag: 'Privacy',
    summary: "Download the caller's own data as JSON",
    description:
      'Profile, emergency contacts, bookings, payments (amounts and ids, no card or UPI ' +
      'details), points, posts and incidents, as an attachment.',
    who: 'signedIn',
    responses: { '200': json("The account's data", object({ profile: { type: 'object' } })) },
  }),
  // `me` has a path of its own: under /api/users/{id}/erase the id is an integer, so the
  // Swagger UI would not let a trekker send `me`.
  post('/api/users/me/erase', {
    tag: 'Privacy',
    summary: 'Erase your own account, confirmed by your password or a fresh SMS code',
    description:
      'Removes personal data in one transaction; bookings and payments stay, anonymised, for ' +
      'accounting. Send `password`, or the `code` of POST /api/users/otp/request to the ' +
      "account's phone; a wrong one is 401 (five tries an hour, then 429). 403 for a staff " +
      'account. 409 while a trek is pending or under way, an SOS is open or a refund is ' +
      'still owed by hand.',
    who: 'signedIn',
    body: object({
      password: { type: 'string' },
      code: { type: 'string', pattern: '^\\d{6}$' },
    }),
    responses: { '200': message('Account erased') },
    alsoErrors: [400, 403, 409, 429],
  }),
  post('/api/users/:id/erase', {
    tag: 'Privacy',
    summary: "Erase a trekker's account on request (cs, super_admin; the holder uses `me`)",
    description:
      'Removes personal data in one transaction; bookings and payments stay, anonymised, for ' +
      'accounting. Staff send a `reason`; the holder may also use their own id with `password` ' +
      'or `code`, as for POST /api/users/me/erase. 409 while a trek is pending or under way, ' +
      'an SOS is open or a refund is still owed by hand.',
    who: 'signedIn',
    body: object({
      password: { type: 'string' },
      code: { type: 'string', pattern: '^\\d{6}$' },
      reason: { type: 'string', maxLength: 500 },
    }),
    responses: { '200': message('Account erased') },
    alsoErrors: [400, 403, 409, 429],
  }),
  post('/api/users/:id/sign-out', {
    tag: 'Sign-in',
    summary: 'End every sign-in of an account (super_admin, cs)',
    description: 'Revokes all its refresh tokens; its access tokens expire within 60 minutes.',
    who: ['super_admin', 'cs'],
    responses: { '200': message('Signed out everywhere') },
  }),
]
