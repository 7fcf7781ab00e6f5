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

/** The four octets of a dotted IPv4 address (no leading zeros, each 0-255), or null. */
function ipv4Octets(text: string): number[] | null {
  const parts = text.split('.')
  if (parts.length !== 4 || !parts.every((part) => /^(0|[1-9]\d{0,2})$/.test(part))) {
    return null
  }
  const octets = parts.map(Number)
  return octets.every((octet) => octet <= 255) ? octets : null
}

/** The 16-bit groups of one side of an IPv6 address's `::` (the last may be dotted IPv4), or null. */
function ipv6Groups(side: string): number[] | null {
  if (side === '') {
    return []
  }
  const texts = side.split(':')
  const groups: number[] = []
  for (const [index, text] of texts.entries()) {
    if (index === texts.length - 1 && text.includes('.')) {
      const octets = ipv4Octets(text)
      if (!octets) {
        return null
      }
      groups.push((octets[0] << 8) | octets[1], (octets[2] << 8) | octets[3])
    } else if (/^[0-9a-f]{1,4}$/i.test(text)) {
      groups.push(parseInt(text, 16))
    } else {
      return null
    }
  }
  return groups
}

/** The eight 16-bit groups of an IPv6 address in any spelling (`::`, embedded IPv4), or null. */
function parseIpv6(text: string): number[] | null {
  const halves = text.split('::')
  if (halves.length > 2) {
    return null
  }
  const head = ipv6Groups(halves[0])
  const tail = halves.length === 2 ? ipv6Groups(halves[1]) : []
  if (!head || !tail) {
    return null
  }
  // An embedded IPv4 address may only end the address.
  if (halves.length === 2 && halves[0].includes('.')) {
    return null
  }
  if (halves.length === 1) {
    return head.length === 8 ? head : null
  }
  const missing = 8 - head.length - tail.length
  return missing >= 1 ? [...head, ...Array<number>(missing).fill(0), ...tail] : null
}

/**
 * The key per-client limits count under, for one client address: an IPv4 address as itself
 * (an IPv4-mapped IPv6 address `::ffff:a.b.c.d` is that IPv4 address), an IPv6 address as its
 * /64 network (`2001:db8:1:2::/64`), because one host or home line is given a whole /64 and can
 * pick a new address in it for every request. A port or brackets a proxy wrote
 * (`[2001:db8::1]:443`, `203.0.113.7:5000`) and a zone (`%eth0`) are dropped. Anything that is
 * not an address (`unknown`) is its own key.
 */
export function clientKey(address: string): string {
  let text = address.trim().toLowerCase()
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text)
  if (bracketed) {
    text = bracketed[1]
  } else if (/^[\d.]+:\d+$/.test(text)) {
    text = text.slice(0, text.lastIndexOf(':'))
  }
  text = text.replace(/%.*$/, '')

  const v4 = ipv4Octets(text)
  if (v4) {
    return v4.join('.')
  }
  const groups = text.includes(':') ? parseIpv6(text) : null
  if (!groups) {
    return address.trim()
  }
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    return [groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff].join('.')
  }
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(':')}::/64`
}

/** The key of this request's client for per-client limits (see clientAddress and clientKey). */
export function clientIp(req: PayloadRequest): string {
  return clientKey(clientAddress(req.headers, env.trustedProxyHops))
}
