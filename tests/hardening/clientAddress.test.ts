import { describe, expect, it } from '@jest/globals'

import { clientAddress } from '@/users/auth/requestInput'

const headers = (forwarded?: string, realIp?: string) => {
  const result = new Headers()
  if (forwarded !== undefined) {
    result.set('x-forwarded-for', forwarded)
  }
  if (realIp !== undefined) {
    result.set('x-real-ip', realIp)
  }
  return result
}

describe('client address behind TRUSTED_PROXY_HOPS proxies', () => {
  it('takes the entry the nearest trusted proxy wrote, ignoring what the client prepended', () => {
    const forged = headers('6.6.6.6, 203.0.113.7')

    expect(clientAddress(forged, 1)).toBe('203.0.113.7')
    expect(clientAddress(headers('6.6.6.6, 203.0.113.7, 10.0.0.2'), 2)).toBe('203.0.113.7')
  })

  it('uses the left-most entry when fewer proxies wrote than are trusted', () => {
    expect(clientAddress(headers('203.0.113.7'), 3)).toBe('203.0.113.7')
  })

  it('falls back to X-Real-IP, then to one shared "unknown" bucket', () => {
    expect(clientAddress(headers(undefined, '198.51.100.4'), 1)).toBe('198.51.100.4')
    expect(clientAddress(headers(' , '), 1)).toBe('unknown')
    expect(clientAddress(headers(), 0)).toBe('unknown')
  })
})
