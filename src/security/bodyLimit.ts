import { env } from '@/config/env'
import { isUploadBody, mediaTypeOf, withLowerCaseMediaType } from '@/security/mediaType'
import { isNestedTooDeep, MAX_NESTING } from '@/security/nesting'

type RouteHandler<Context> = (request: Request, context: Context) => Promise<Response>

/** Room for the multipart boundaries and the `_payload` fields sent next to an upload. */
const MULTIPART_OVERHEAD_BYTES = 256 * 1024

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

export type BodyLimits = {
  /** Any JSON or form body. */
  apiBytes: number
  /** A multipart upload to an upload collection (the file itself is capped by Payload). */
  uploadBytes: number
  /** Paths that take uploads, e.g. `/api/media`. */
  uploadPaths: string[]
}

export const defaultBodyLimits = (uploadPaths: string[]): BodyLimits => ({
  apiBytes: env.limits.apiBodyBytes,
  uploadBytes: env.limits.uploadFileBytes + MULTIPART_OVERHEAD_BYTES,
  uploadPaths,
})

function limitFor(request: Request, limits: BodyLimits): number {
  const { pathname } = new URL(request.url)
  const isUploadPath = limits.uploadPaths.some(
    (path) => pathname === path || pathname.startsWith(`${path}/`),
  )
  // Only a multipart type: a JSON body typed `application/json; x=multipart/` had the upload
  // limit on an upload path, ten times the JSON one (review round 25).
  return isUploadBody(request) && isUploadPath ? limits.uploadBytes : limits.apiBytes
}

export function tooLarge(limit: number): Response {
  return Response.json(
    { errors: [{ message: `The request body is larger than the limit of ${limit} bytes` }] },
    { status: 413, headers: { Connection: 'close' } },
  )
}

/**
 * Reads a body sent without Content-Length (chunked) up to the limit and no further, so a
 * client cannot make the server buffer an unbounded stream. Null when the limit is passed.
 */
async function readUpTo(body: ReadableStream<Uint8Array>, limit: number) {
  const reader = body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) {
      break
    }
    size += value.byteLength
    if (size > limit) {
      await reader.cancel()
      return null
    }
    chunks.push(value)
  }
  const bytes = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return bytes
}

const badRequest = (message: string) => Response.json({ errors: [{ message }] }, { status: 400 })

/**
 * A JSON body must be one JSON object: `null`, a bare string or a list reach code that expects
 * fields (Payload's own auth checks read `data.email` before any hook runs) and end as 500s.
 */
function refuseNonObjectJson(bytes: Uint8Array): Response | null {
  const text = new TextDecoder().decode(bytes)
  if (text.trim() === '') {
    return null
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return badRequest('The request body is not valid JSON')
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return badRequest('The request body must be a JSON object')
  }
  return isNestedTooDeep(parsed)
    ? badRequest(`The request body is nested more than ${MAX_NESTING} levels deep`)
    : null
}

/**
 * Every API route answers a body over its limit with 413 before Payload reads it. Payload has
 * no overall limit of its own (only on uploaded files), and without one a single request
 * could hold hundreds of megabytes of JSON in memory. A declared Content-Length is enough to
 * decide (Node stops reading at it); a chunked body is counted as it arrives. JSON bodies are
 * read here (they are small) and must be an object; other bodies (uploads) stream on to Payload.
 */
export function withBodyLimit<Context>(
  handler: RouteHandler<Context>,
  limits: () => BodyLimits | Promise<BodyLimits>,
): RouteHandler<Context> {
  return async (sent, context) => {
    if (!METHODS_WITH_BODY.has(sent.method.toUpperCase()) || !sent.body) {
      return handler(sent, context)
    }
    const request = withLowerCaseMediaType(sent)
    const limit = limitFor(request, await limits())
    const declared = request.headers.get('content-length')
    const hasLength = declared !== null && /^\d+$/.test(declared.trim())
    if (hasLength && Number(declared) > limit) {
      return tooLarge(limit)
    }
    const isJson = mediaTypeOf(request) === 'application/json'
    if (hasLength && !isJson) {
      return handler(request, context)
    }

    let bytes: Awaited<ReturnType<typeof readUpTo>>
    try {
      bytes = await readUpTo(request.body!, limit)
    } catch {
      // The client broke off mid-body (a dropped connection or a reset): nothing was read
      // whole, so nothing is handled, and it is the request that is wrong, not the server.
      return badRequest('The request body ended before it was complete')
    }
    if (!bytes) {
      return tooLarge(limit)
    }
    const refusal = isJson ? refuseNonObjectJson(bytes) : null
    if (refusal) {
      return refusal
    }
    const headers = new Headers(request.headers)
    headers.set('content-length', String(bytes.byteLength))
    headers.delete('transfer-encoding')
    const buffered = new Request(request.url, {
      method: request.method,
      headers,
      body: bytes,
      signal: request.signal,
    })
    return handler(buffered, context)
  }
}

/** The REST paths of the upload collections (`/api/media`), from the Payload config. */
export async function uploadPathsOf(
  config: Promise<{
    routes: { api: string }
    collections: Array<{ slug: string; upload?: unknown }>
  }>,
): Promise<string[]> {
  const { routes, collections } = await config
  return collections
    .filter((collection) => Boolean(collection.upload))
    .map((collection) => `${routes.api}/${collection.slug}`)
}
