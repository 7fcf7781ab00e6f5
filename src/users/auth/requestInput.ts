import { addDataAndFileToRequest, APIError, type PayloadRequest } from 'payload'

/** The JSON body of a custom endpoint as an object (Payload leaves parsing to the endpoint). */
export async function readBody(req: PayloadRequest): Promise<Record<string, unknown>> {
  try {
    await addDataAndFileToRequest(req)
  } catch {
    throw new APIError('The request body must be JSON.', 400, null, true)
  }
  const data = req.data
  return data && typeof data === 'object' && !Array.isArray(data)
    ? (data as Record<string, unknown>)
    : {}
}

export function requireString(
  body: Record<string, unknown>,
  name: string,
  maxLength: number,
): string {
  const value = body[name]
  if (typeof value !== 'string' || value.trim() === '') {
    throw new APIError(`${name} is required.`, 400, null, true)
  }
  if (value.length > maxLength) {
    throw new APIError(`${name} is too long.`, 400, null, true)
  }
  return value.trim()
}

/**
 * The client address for per-IP limits. Behind our proxy the right-most X-Forwarded-For entry
 * is the one the proxy itself saw; entries to its left are whatever the client wrote.
 */
export function clientIp(req: PayloadRequest): string {
  const forwarded = req.headers.get('x-forwarded-for')
  const last = forwarded
    ?.split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .pop()
  return last || req.headers.get('x-real-ip')?.trim() || 'unknown'
}
