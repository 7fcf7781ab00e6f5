/**
 * The contract's custom endpoints, described here once so /api/openapi.json lists them
 * whichever domain branch implements them and whatever their own `custom.openapi` says.
 * Paths are written the way Payload routes them (`:param`); the merge turns them into
 * OpenAPI templates. Response bodies reference the collection schemas payload-oapi generates.
 */
import { ref, type JsonObject } from './schemas'

export type ContractEndpoint = {
  method: 'get' | 'post'
  path: string
  tag: string
  summary: string
  description?: string
  /** `anyone` needs no credentials; `signedIn` takes any of the session schemes. */
  auth: 'anyone' | 'signedIn'
  body?: JsonObject
  query?: Array<{ name: string; description: string; schema: JsonObject }>
  headers?: Array<{ name: string; description: string; required?: boolean }>
  /** Success responses by status; errors are listed by status and share the Error shape. */
  responses: Record<string, JsonObject>
  errors: Array<400 | 401 | 403 | 404 | 413 | 429>
}

const object = (properties: JsonObject, required: string[] = []): JsonObject => ({
  type: 'object',
  properties,
  ...(required.length > 0 ? { required } : {}),
})

const json = (description: string, schema: JsonObject) => ({
  description,
  content: { 'application/json': { schema } },
})

const phone = { type: 'string', pattern: '^\\+[1-9]\\d{7,14}$', example: '+919812345678' }
const idToken = object({ idToken: { type: 'string' } }, ['idToken'])
const session = json('Signed in: a session', ref('schemas', 'Session'))
const message = json('Done', object({ message: { type: 'string' } }, ['message']))
const dateQuery = (name: string, description: string) => ({
  name,
  description,
  schema: { type: 'string', format: 'date', example: '2026-12-01' },
})

const signIn: ContractEndpoint[] = [
  {
    method: 'post',
    path: '/api/users/login',
    tag: 'Sign-in',
    summary: 'Sign in with e-mail and password',
    auth: 'anyone',
    body: object({ email: { type: 'string', format: 'email' }, password: { type: 'string' } }, [
      'email',
      'password',
    ]),
    responses: { '200': session },
    errors: [400, 401, 429],
  },
  {
    method: 'post',
    path: '/api/users/otp/request',
    tag: 'Sign-in',
    summary: 'Send a 6-digit sign-in code by SMS',
    auth: 'anyone',
    body: object({ phone }, ['phone']),
    responses: { '202': json('Code sent', object({ message: { type: 'string' } })) },
    errors: [400, 429],
  },
  {
    method: 'post',
    path: '/api/users/otp/verify',
    tag: 'Sign-in',
    summary: 'Sign in or up with the SMS code',
    auth: 'anyone',
    body: object({ phone, code: { type: 'string', pattern: '^\\d{6}$' } }, ['phone', 'code']),
    responses: { '200': session },
    errors: [400, 401, 429],
  },
  {
    method: 'post',
    path: '/api/users/google',
    tag: 'Sign-in',
    summary: 'Sign in or up with a Google ID token',
    auth: 'anyone',
    body: idToken,
    responses: { '200': session },
    errors: [400, 401, 429],
  },
  {
    method: 'post',
    path: '/api/users/apple',
    tag: 'Sign-in',
    summary: 'Sign in or up with a Sign in with Apple ID token',
    description: 'Apple sends the name only on the first sign-in; pass it along then.',
    auth: 'anyone',
    body: object(
      { idToken: { type: 'string' }, firstName: { type: 'string' }, lastName: { type: 'string' } },
      ['idToken'],
    ),
    responses: { '200': session },
    errors: [400, 401, 429],
  },
  {
    method: 'post',
    path: '/api/users/token/refresh',
    tag: 'Sign-in',
    summary: 'Rotate a refresh token into a new session',
    description: 'Single use: presenting a spent refresh token revokes its whole family.',
    auth: 'anyone',
    body: object({ refreshToken: { type: 'string' } }, ['refreshToken']),
    responses: { '200': session },
    errors: [400, 401, 429],
  },
  {
    method: 'post',
    path: '/api/users/logout',
    tag: 'Sign-in',
    summary: 'Sign out and revoke the refresh token family',
    auth: 'signedIn',
    body: object({ refreshToken: { type: 'string' } }),
    responses: { '200': message },
    errors: [401],
  },
]

const catalog: ContractEndpoint[] = [
  {
    method: 'get',
    path: '/api/treks/slug/:slug',
    tag: 'Catalog',
    summary: 'Trek detail with its itinerary and upcoming open batches',
    auth: 'anyone',
    responses: {
      '200': json('The trek', {
        allOf: [
          ref('schemas', 'Trek'),
          object({
            itinerary: { type: 'array', items: ref('schemas', 'ItineraryDay') },
            batches: { type: 'array', items: ref('schemas', 'Batch') },
          }),
        ],
      }),
    },
    errors: [404],
  },
  {
    method: 'get',
    path: '/api/treks/slug/:slug/batches',
    tag: 'Catalog',
    summary: 'Upcoming open batches of a trek',
    auth: 'anyone',
    responses: {
      '200': json(
        'Batches by start date',
        object({ docs: { type: 'array', items: ref('schemas', 'Batch') } }, ['docs']),
      ),
    },
    errors: [404],
  },
]

const bookingsAndPayments: ContractEndpoint[] = [
  {
    method: 'post',
    path: '/api/bookings',
    tag: 'Bookings',
    summary: 'Book a seat on a batch for the caller',
    description:
      'The server fills the user and computes every money field from the batch price; ' +
      'the booking holds the seat while pending, until holdExpiresAt.',
    auth: 'signedIn',
    body: object(
      {
        batch: { type: 'integer', description: 'ID of the batch' },
        source: { type: 'string', enum: ['app', 'web', 'referral'] },
        healthDeclarationSigned: { type: 'boolean' },
        waiverSigned: { type: 'boolean' },
        idDocumentUploaded: { type: 'boolean' },
      },
      ['batch'],
    ),
    responses: {
      '201': json(
        'Booked (pending payment)',
        object({ message: { type: 'string' }, doc: ref('schemas', 'Booking') }, ['doc']),
      ),
    },
    errors: [400, 401, 403],
  },
  {
    method: 'post',
    path: '/api/bookings/:id/cancel',
    tag: 'Bookings',
    summary: 'Cancel a booking and free its seat (owner, cs, ops)',
    auth: 'signedIn',
    responses: {
      '200': json(
        'Cancelled',
        object({ message: { type: 'string' }, doc: ref('schemas', 'Booking') }),
      ),
    },
    errors: [400, 401, 403, 404],
  },
  {
    method: 'post',
    path: '/api/bookings/:id/checkout',
    tag: 'Payments',
    summary: 'Create a Razorpay order for the balance due (owner)',
    auth: 'signedIn',
    responses: {
      '200': json(
        'Order to open Razorpay Checkout with',
        object({
          orderId: { type: 'string' },
          keyId: { type: 'string' },
          amount: { type: 'number', description: 'Rupees, two decimals' },
          currency: { type: 'string', example: 'INR' },
        }),
      ),
    },
    errors: [400, 401, 403, 404],
  },
  {
    method: 'post',
    path: '/api/payments/verify',
    tag: 'Payments',
    summary: 'Check the Checkout signature and record the payment (owner)',
    auth: 'signedIn',
    body: object(
      {
        razorpayOrderId: { type: 'string' },
        razorpayPaymentId: { type: 'string' },
        razorpaySignature: { type: 'string' },
      },
      ['razorpayOrderId', 'razorpayPaymentId', 'razorpaySignature'],
    ),
    responses: {
      '200': json(
        'Payment recorded',
        object({ payment: ref('schemas', 'Payment'), booking: ref('schemas', 'Booking') }),
      ),
    },
    errors: [400, 401, 403, 404],
  },
  {
    method: 'post',
    path: '/api/razorpay/webhook',
    tag: 'Payments',
    summary: "Razorpay's signed webhook; each event is applied once",
    description: 'Authenticated by the HMAC signature over the raw body, not by a session.',
    auth: 'anyone',
    headers: [
      { name: 'X-Razorpay-Signature', description: 'HMAC-SHA256 of the raw body', required: true },
      { name: 'X-Razorpay-Event-Id', description: 'Event id used to apply each event once' },
    ],
    body: object({ event: { type: 'string' }, payload: { type: 'object' } }, ['event']),
    responses: { '200': json('Accepted (or already applied)', { type: 'object' }) },
    errors: [400, 413],
  },
  {
    method: 'get',
    path: '/api/payments/export',
    tag: 'Payments',
    summary: 'Payments as CSV (finance, super_admin)',
    auth: 'signedIn',
    query: [
      dateQuery('from', 'First business day included (Asia/Kolkata)'),
      dateQuery('to', 'Last business day included (Asia/Kolkata)'),
    ],
    responses: {
      '200': {
        description: 'CSV, one payment a row',
        content: { 'text/csv': { schema: { type: 'string' } } },
      },
    },
    errors: [400, 401, 403],
  },
]

const service: ContractEndpoint[] = [
  {
    method: 'get',
    path: '/api/health',
    tag: 'Service',
    summary: 'Liveness with database status',
    auth: 'anyone',
    responses: {
      '200': json(
        'Up',
        object({
          status: { type: 'string', enum: ['ok'] },
          database: object({ status: { type: 'string' }, latencyMs: { type: 'number' } }),
        }),
      ),
      '503': json(
        'Database unreachable',
        object({ status: { type: 'string' }, database: { type: 'object' } }),
      ),
    },
    errors: [],
  },
  {
    method: 'get',
    path: '/api/openapi.json',
    tag: 'Service',
    summary: 'This OpenAPI document',
    auth: 'anyone',
    responses: { '200': json('OpenAPI 3.0 document', { type: 'object' }) },
    errors: [],
  },
  {
    method: 'get',
    path: '/api/docs',
    tag: 'Service',
    summary: 'Interactive API documentation (Swagger UI, served locally)',
    auth: 'anyone',
    responses: {
      '200': { description: 'HTML page', content: { 'text/html': { schema: { type: 'string' } } } },
    },
    errors: [],
  },
]

export const contractEndpoints: ContractEndpoint[] = [
  ...signIn,
  ...catalog,
  ...bookingsAndPayments,
  ...service,
]
