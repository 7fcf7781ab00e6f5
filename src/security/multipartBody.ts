import {
  addDataAndFileToRequest,
  APIError,
  getPayload,
  type PayloadRequest,
  type SanitizedConfig,
} from 'payload'

import { loggablePath } from '@/logging/errorLevels'
import { isMultipartBody } from '@/security/mediaType'

type RouteHandler<Context> = (request: Request, context: Context) => Promise<Response>

const METHODS_PARSED = new Set(['POST', 'PATCH', 'PUT'])

const MESSAGE = 'The multipart body cannot be read (its framing or a part header is malformed)'

const CLIENT_UPLOAD_MESSAGE =
  'Send the file itself as a file part named "file": uploads by reference to a stored file ' +
  'are not taken'

/**
 * Why Payload's own multipart reading fails on this body for a reason of the body itself, or
 * null: busboy's plain errors ("Malformed part header", "Unexpected end of form", "Unsupported
 * content type") and Payload's "Request is not eligible for file upload" (an APIError left at
 * 500). Refusals Payload already answers well (413 past a limit, 400 for a `_payload` that is
 * not JSON, answered 400 by inputErrorsAre400) are left to it.
 *
 * A text part named `file` (no file part) is a "client upload": Payload fetches the stored
 * file it names through the collection's upload handlers while reading the body, before any
 * access check, and this service's handler answers nothing for a file on disk, so Payload
 * threw a 500 at anyone (review round 25). No client uploads are configured here, so such a
 * body is refused. The probe has no route, so Payload stops it at "Invalid upload collection."
 */
/**
 * The body as Payload reads it (`data`, `file`): the same reader Payload runs, on a copy of the
 * body, in memory (no temporary files), with no route parameters, so it never fetches a client
 * upload. Throws what Payload's reading throws.
 */
export async function readAsPayloadDoes(
  request: Request,
  config: SanitizedConfig,
): Promise<Pick<PayloadRequest, 'data' | 'file'>> {
  const probe = Object.assign(request.clone(), {
    payload: {
      config: { bodyParser: config.bodyParser, upload: { ...config.upload, useTempFiles: false } },
    },
  }) as unknown as PayloadRequest
  await addDataAndFileToRequest(probe)
  return probe
}

async function unreadable(request: Request, config: SanitizedConfig): Promise<string | null> {
  try {
    await readAsPayloadDoes(request, config)
    return null
  } catch (err) {
    if (err instanceof SyntaxError) {
      return null
    }
    if (err instanceof APIError && err.message === 'Invalid upload collection.') {
      return CLIENT_UPLOAD_MESSAGE
    }
    return !(err instanceof APIError) || (err.status ?? 500) >= 500 ? MESSAGE : null
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
    if (!METHODS_PARSED.has(request.method.toUpperCase()) || !isMultipartBody(request)) {
      return handler(request, context)
    }
    const refusal = await unreadable(request, await config)
    if (refusal) {
      const payload = await getPayload({ config })
      payload.logger.info({
        msg: 'Request refused: a multipart body that cannot be taken',
        reason: refusal,
        method: request.method,
        path: loggablePath(request.url),
      })
      return Response.json({ errors: [{ message: refusal }] }, { status: 400 })
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
    if (isMultipartBody(request)) {
      return Response.json(
        { errors: [{ message: 'GraphQL takes a JSON body (Content-Type: application/json)' }] },
        { status: 415 },
      )
    }
    return handler(request, context)
  }
}
