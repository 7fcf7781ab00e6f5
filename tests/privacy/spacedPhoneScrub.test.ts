import { describe, expect, it } from '@jest/globals'

import { scrubText } from '@/logging'

/** Phone numbers the way people and this README write them are masked in every log line. */
describe('the log scrubber and phone numbers written with spaces or dashes', () => {
  it.each([
    ['Asked by phone from +91 98123 45678 today', 'Asked by phone from +91******5678 today'],
    ['call +91-98123-45678.', 'call +91******5678.'],
    ['call 98123 45678.', 'call ******5678.'],
    ['call 098123-45678', 'call ******5678'],
    ['bare 9812345678, e.164 +919812345678', 'bare ******5678, e.164 +91******5678'],
    ['abroad +1 415 555 0100', 'abroad +1 ******0100'],
  ])('masks %j', (text, masked) => {
    expect(scrubText(text)).toBe(masked)
  })

  it.each([
    '2026-12-05T21:43:29.313Z',
    'took 1796507009877 ms',
    'amount 12500, batch 2, booking 4512',
    'version 3.90.1',
  ])('leaves %j alone', (text) => {
    expect(scrubText(text)).toBe(text)
  })
})
