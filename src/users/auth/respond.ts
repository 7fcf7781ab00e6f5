import { generatePayloadCookie, headersWithCors, type PayloadRequest } from 'payload'

import type { Session } from './sessions'

/** A session as JSON, with Payload's cookie for browser clients. */
export function sessionResponse(req: PayloadRequest, session: Session): Response {
  const cookie = generatePayloadCookie({
    collectionAuthConfig: req.payload.collections.users.config.auth,
    cookiePrefix: req.payload.config.cookiePrefix,
    token: session.token,
  })
  return Response.json(session, {
    status: 200,
    headers: headersWithCors({ headers: new Headers({ 'Set-Cookie': cookie }), req }),
  })
}

export function jsonResponse(req: PayloadRequest, body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: headersWithCors({ headers: new Headers(), req }) })
}
