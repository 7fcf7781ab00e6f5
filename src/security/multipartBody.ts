import {
  addDataAndFileToRequest,
  APIError,
  getPayload,
  type PayloadRequest,
  type SanitizedConfig,
} from 'payload'

import { loggablePath } from '@/logging/errorLevels'

type RouteHandler<Context> = (request: Request, context: Context) => Promise<Response>

const METHODS_PARSED = new Set(['POST', 'PATCH', 'PUT'])

const MESSAGE = 'The multipart body cannot be read (its framing or a part header is malformed)'

/**
 * Payload reads a body as multipart when its type *contains* `multipart/` (so
 * `x-multipart/form-data` too), so the guards match the same way (review round 24).
 */
export const isMultipart = (request: Request) =>
  (request.headers.get('content-type') ?? '').toLowerCase().includes('multipart/')

/**
 * Whether Payload's own multipart reading fails on this body for a reason of the body itself:
 * busboy's plain errors ("Malformed part header", "Unexpected end of form", "Unsupported content
 * type") and Payload's "Request is not eligible for file upload" (an APIError left at 500).
 * Refusals Payload already answers well (413 past a limit, 400 for a bad client upload) and a
 * `_payload` that is not JSON (answered 400 by inputErrorsAre400) are left to it.
 */
async function unreadable(request: Request, config: SanitizedConfig): Promise<boolean> {
  // The same reader Payload runs, on a copy of the body, in memory (no temporary files), with
  // no route parameters, so it never fetches a client upload.
  const probe = Object.assign(request.clone(), {
    payload: {
      config: { bodyParser: config.bodyParser, upload: { ...config.upload, useTempFiles: false } },
    },
  }) as unknown as PayloadRequest
  try {
    await addDataAndFileToRequest(probe)
    return false
  } catch (err) {
    if (err instanceof SyntaxError) {
      return false
    }
    return !(err instanceof APIError) || (err.status ?? 500) >= 500
  }
}

/**
 * Payload reads a multipart body before any access check, and a body busboy cannot read threw
 * out of that reading as an unknown error: a 500 with an error line and a stack, for anyone,
 * signed in or not, at will (review round 23). Such a body is answered 400 here instead, before
 * Payload reads it, and logged as the refusal it is. The body is read twice; withBodyLimit,
 * outside this, has already bounded it.
 */
export function withReadableMultipart<Context>(
  handler: RouteHandler<Context>,
  config: Promise<SanitizedConfig>,
): RouteHandler<Context> {
  return async (request, context) => {
    if (!METHODS_PARSED.has(request.method.toUpperCase()) || !isMultipart(request)) {
      return handler(request, context)
    }
    if (await unreadable(request, await config)) {
      const payload = await getPayload({ config })
      payload.logger.info({
        msg: 'Request refused: a multipart body that cannot be read',
        method: request.method,
        path: loggablePath(request.url),
      })
      return Response.json({ errors: [{ message: MESSAGE }] }, { status: 400 })
    }
    return handler(request, context)
  }
}

/**
 * GraphQL here takes JSON only (graphql-http answers 415 to anything else), but Payload reads
 * a multipart body first, and a malformed one threw out of the route handler with no answer at
 * all. A multipart body is answered 415 before that.
 */
export function withoutMultipartGraphql<Context>(
  handler: RouteHandler<Context>,
): RouteHandler<Context> {
  return async (request, context) => {
    if (isMultipart(request)) {
      return Response.json(
        { errors: [{ message: 'GraphQL takes a JSON body (Content-Type: application/json)' }] },
        { status: 415 },
      )
    }
    return handler(request, context)
  }
}
