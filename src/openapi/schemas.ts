/**
 * Shared pieces of the OpenAPI document that Payload cannot infer: how callers sign in,
 * the error shape every failure uses, and the session the sign-in endpoints return.
 * Written for OpenAPI 3.0.3 (nullable instead of type arrays), the version the spec declares.
 */

export type JsonObject = { [key: string]: unknown }

export const ref = (kind: 'schemas' | 'responses', name: string) => ({
  $ref: `#/components/${kind}/${name}`,
})

/** Any one of these authenticates a request; the admin UI uses the cookie. */
export const securitySchemes = {
  bearerAuth: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'Authorization: Bearer <token>, the token from a session (valid 60 minutes)',
  },
  jwtAuth: {
    type: 'apiKey',
    in: 'header',
    name: 'Authorization',
    description: "Payload's own header form: Authorization: JWT <token>",
  },
  cookieAuth: {
    type: 'apiKey',
    in: 'cookie',
    name: 'payload-token',
    description: 'Set by POST /api/users/login for browsers (the admin UI)',
  },
} as const

export const signedInSecurity = [{ bearerAuth: [] }, { jwtAuth: [] }, { cookieAuth: [] }]

const errorSchema = {
  type: 'object',
  description:
    "Payload's error shape: one entry per problem, each with a message a client can show",
  required: ['errors'],
  properties: {
    errors: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['message'],
        properties: {
          message: { type: 'string' },
          name: { type: 'string' },
          data: {
            type: 'object',
            description: 'Validation details, e.g. the failing field paths',
            properties: {
              errors: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { path: { type: 'string' }, message: { type: 'string' } },
                },
              },
            },
          },
        },
      },
    },
  },
  example: { errors: [{ message: 'You are not allowed to perform this action.' }] },
}

const sessionSchema = {
  type: 'object',
  required: ['token', 'exp', 'refreshToken', 'user'],
  properties: {
    token: { type: 'string', description: 'Payload JWT, valid for 60 minutes' },
    exp: { type: 'integer', description: 'Expiry of token, seconds since the epoch' },
    refreshToken: {
      type: 'string',
      description: 'Single use, valid 30 days; reusing a spent one revokes its whole family',
    },
    user: ref('schemas', 'User'),
    isNewUser: { type: 'boolean', description: 'True when this sign-in created the account' },
  },
}

export const sharedSchemas: Record<string, JsonObject> = {
  Error: errorSchema,
  Session: sessionSchema,
}

const errorResponse = (description: string, headers?: JsonObject) => ({
  description,
  ...(headers ? { headers } : {}),
  content: { 'application/json': { schema: ref('schemas', 'Error') } },
})

/** Status codes of the contract, each answering with the Error shape. */
export const errorResponses: Record<string, JsonObject> = {
  BadRequest: errorResponse('Invalid input, or a full or closed batch'),
  Unauthorized: errorResponse('No credentials, or bad or expired ones'),
  Forbidden: errorResponse("The caller's role may not do this (anonymous callers included)"),
  NotFound: errorResponse('No such document, or one the caller may not see'),
  Conflict: errorResponse('Taken by another account or request, e.g. a linked provider or phone'),
  PayloadTooLarge: errorResponse('Request body too large'),
  TooManyRequests: errorResponse('Too many attempts', {
    'Retry-After': {
      description: 'Seconds to wait before trying again',
      schema: { type: 'integer' },
    },
  }),
  BadGateway: errorResponse('The payment provider did not answer: try again in a minute'),
  ServiceUnavailable: errorResponse(
    'Not available on this server (no Razorpay, Google or Apple keys), or a provider it needs ' +
      'cannot be reached',
  ),
}

export const errorStatus: Record<string, string> = {
  '400': 'BadRequest',
  '401': 'Unauthorized',
  '403': 'Forbidden',
  '404': 'NotFound',
  '409': 'Conflict',
  '413': 'PayloadTooLarge',
  '429': 'TooManyRequests',
  '502': 'BadGateway',
  '503': 'ServiceUnavailable',
}
