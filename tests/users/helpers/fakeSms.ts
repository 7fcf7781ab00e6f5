import { randomBytes, randomInt } from 'node:crypto'

import { expect } from '@jest/globals'

import { env } from '@/config/env'

import { api } from '../../helpers/api'

import { sendJson, startFakeServer } from './fakeServer'

export type ReceivedSms = {
  to: string
  sender: string
  templateId: string
  params: Record<string, string>
  apiKey: string | undefined
}

/**
 * A DLT-style SMS provider on 127.0.0.1. Points the app's SMS settings at itself; `failNext`
 * makes the next requests answer 503 to exercise retries.
 */
export async function startFakeSms() {
  const received: ReceivedSms[] = []
  let failures = 0
  const server = await startFakeServer((req, body, res) => {
    if (failures > 0) {
      failures -= 1
      return sendJson(res, 503, { error: 'try later' })
    }
    received.push({ ...JSON.parse(body), apiKey: req.headers['x-api-key'] as string | undefined })
    sendJson(res, 200, { status: 'queued' })
  })
  const previous = { ...env.sms }
  Object.assign(env.sms, {
    provider: 'http',
    httpUrl: `${server.url}/sms`,
    httpApiKey: 'test-sms-key',
  })
  return {
    received,
    failNext: (count: number) => (failures = count),
    /** The code in the newest message to `phone`. */
    lastCodeFor(phone: string): string {
      const message = [...received].reverse().find((sms) => sms.to === phone)
      if (!message) {
        throw new Error(`no SMS sent to ${phone}`)
      }
      return message.params.code
    },
    countFor: (phone: string) => received.filter((sms) => sms.to === phone).length,
    close: async () => {
      Object.assign(env.sms, previous)
      await server.close()
    },
  }
}

const used = new Set<string>()

/**
 * A fresh valid Indian mobile number (national digits). Random rather than sequential: Redis
 * keeps limit counters across test runs for up to an hour.
 */
export function uniqueMobile(): string {
  let phone: string
  do {
    phone = `98${randomInt(0, 100_000_000).toString().padStart(8, '0')}`
  } while (used.has(phone))
  used.add(phone)
  return phone
}

/** A fresh client address (IPv6 documentation range), so per-IP limits never collide. */
export function uniqueIp(): string {
  const groups = randomBytes(12).toString('hex').match(/.{4}/g)!
  return `2001:db8:${groups.join(':')}`
}

/**
 * Asks for a sign-in code for a 10-digit Indian mobile (from a fresh client address) and
 * answers the code the fake provider received.
 */
export async function requestOtpCode(
  sms: Awaited<ReturnType<typeof startFakeSms>>,
  national: string,
): Promise<string> {
  const requested = await api('POST', '/users/otp/request', {
    body: { phone: national },
    headers: { 'X-Forwarded-For': uniqueIp() },
  })
  expect(requested.status).toBe(202)
  return sms.lastCodeFor(`+91${national}`)
}
