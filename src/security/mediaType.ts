/**
 * The media type of a request body, as it decides how the body is read. Media types are
 * case-insensitive, but Payload reads a body as JSON only when its type is exactly
 * `application/json` and as multipart only when it contains `multipart/` in lower case: an
 * `Application/JSON` sign-up reached Payload with no data at all, a 500 (review round 25).
 */
export function mediaTypeOf(request: Request): string {
  const [mediaType] = (request.headers.get('content-type') ?? '').split(';', 1)
  return mediaType.trim().toLowerCase()
}

/** Payload's own test for a multipart body (addDataAndFileToRequest), on the media type. */
export const isMultipartBody = (request: Request) => mediaTypeOf(request).includes('multipart/')

/** A multipart type a browser or client sends for an upload (`multipart/form-data`). */
export const isUploadBody = (request: Request) => mediaTypeOf(request).startsWith('multipart/')

/**
 * The request with its media type spelled as Payload reads it (trimmed, lower case), so every
 * guard and Payload judge the body alike. The parameters (a multipart `boundary` is
 * case-sensitive) are kept as sent. The same request when it is spelled so already.
 */
export function withLowerCaseMediaType(request: Request): Request {
  const type = request.headers.get('content-type')
  if (type === null) {
    return request
  }
  const separator = type.indexOf(';')
  // Parameter names are case-insensitive too, and busboy reads only `boundary` (review round
  // 26's note: `BOUNDARY=` was refused as unreadable). Values are kept as sent.
  const parameters =
    separator === -1 ? '' : type.slice(separator).replace(/;\s*boundary\s*=/gi, '; boundary=')
  const normalized = `${mediaTypeOf(request)}${parameters}`
  if (normalized === type) {
    return request
  }
  const headers = new Headers(request.headers)
  headers.set('content-type', normalized)
  return new Request(request.url, {
    method: request.method,
    headers,
    body: request.body,
    signal: request.signal,
    // Node's fetch needs this to pass a streamed body on without reading it.
    duplex: 'half',
  } as RequestInit)
}
