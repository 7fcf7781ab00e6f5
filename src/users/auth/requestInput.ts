import { addDataAndFileToRequest, APIError, type PayloadRequest } from 'payload'

import { env } from '@/config/env'

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
 * The client address for per-IP limits, from X-Forwarded-For as trusted proxies wrote it.
 * Each of the `hops` proxies in front of the service appends the address it saw, so the entry
 * `hops` places from the right is the client; entries further left are whatever the client
 * wrote and are ignored. With no proxy (`hops` 0) the right-most entry is used: Next.js puts
 * the socket address there when the request has no header of its own (a client that sends one
 * can choose its address then, which is why production should run behind a proxy).
 */
export function clientAddress(headers: Headers, hops: number): string {
  const entries = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
  if (entries.length > 0) {
    const index = entries.length - Math.max(hops, 1)
    return entries[Math.max(index, 0)]
  }
  return headers.get('x-real-ip')?.trim() || 'unknown'
}

export function clientIp(req: PayloadRequest): string {
  return clientAddress(req.headers, env.trustedProxyHops)
}
