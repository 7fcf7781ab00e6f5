import { describe, expect, it } from '@jest/globals'

import { clientAddress, clientKey } from '@/users/auth/requestInput'

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

describe('the key per-client limits count under', () => {
  it('is an IPv4 address itself, with a port a proxy wrote dropped', () => {
    expect(clientKey('203.0.113.7')).toBe('203.0.113.7')
    expect(clientKey(' 203.0.113.7 ')).toBe('203.0.113.7')
    expect(clientKey('203.0.113.7:5000')).toBe('203.0.113.7')
  })

  it.each([
    '::ffff:203.0.113.7',
    '::FFFF:203.0.113.7',
    '::ffff:cb00:7107',
    '0:0:0:0:0:ffff:203.0.113.7',
    '0000:0000:0000:0000:0000:ffff:cb00:7107',
    '[::ffff:203.0.113.7]:443',
  ])('reads the IPv4-mapped %s as 203.0.113.7', (address) => {
    expect(clientKey(address)).toBe('203.0.113.7')
  })

  it.each([
    '2001:db8:1:2:3:4:5:6',
    '2001:db8:1:2:aaaa:bbbb:cccc:dddd',
    '2001:0DB8:0001:0002:0000:0000:0000:0009',
    '2001:db8:1:2::',
    '2001:db8:1:2::9',
    '2001:db8:1:2::1:2:3',
    '2001:db8:1:2:0:ffff:203.0.113.7',
    '[2001:db8:1:2::1]',
    '[2001:db8:1:2::1]:8443',
    '2001:db8:1:2::1%eth0',
  ])('counts %s as its /64, 2001:db8:1:2::/64', (address) => {
    expect(clientKey(address)).toBe('2001:db8:1:2::/64')
  })

  it('expands `::` where it stands before taking the /64', () => {
    // Naive splitting on ':' would read these as 2001:db8:1:... or 2001:db8::.
    expect(clientKey('2001:db8::1')).toBe('2001:db8:0:0::/64')
    expect(clientKey('2001:db8::1:2:3:4:5')).toBe('2001:db8:0:1::/64')
    expect(clientKey('2001:db8:1::2:3:4:5')).toBe('2001:db8:1:0::/64')
    expect(clientKey('2001:db8:0:1::')).toBe('2001:db8:0:1::/64')
    expect(clientKey('::1')).toBe('0:0:0:0::/64')
    expect(clientKey('::')).toBe('0:0:0:0::/64')
    expect(clientKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64')
    // Neighbouring /64s stay apart.
    expect(clientKey('2001:db8:1:3::1')).not.toBe(clientKey('2001:db8:1:2::1'))
  })

  it.each([
    'unknown',
    '',
    '256.1.1.1',
    '01.2.3.4',
    '1.2.3',
    '2001:db8::1::2',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7',
    '1:2:3:4:5:6:7:8::',
    '12345::1',
    ':1:2:3:4:5:6:7',
    '2001:db8:1:2::g',
    '::1.2.3.4:5',
    '1.2.3.4::1',
  ])('keeps %p, which is no address, as it was', (text) => {
    expect(clientKey(text)).toBe(text)
  })

  it('applies to the address the trusted proxy wrote', () => {
    const forwarded = headers('6.6.6.6, 2001:db8:aa:bb:1:2:3:4')
    expect(clientKey(clientAddress(forwarded, 1))).toBe('2001:db8:aa:bb::/64')
  })
})
