import { env } from '@/config/env'

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
  Object.assign(env.sms, { provider: 'http', httpUrl: `${server.url}/sms`, httpApiKey: 'test-sms-key' })
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

let serial = Math.floor(Math.random() * 1_000_000)

/** A fresh valid Indian mobile number (national digits) for each test. */
export function uniqueMobile(): string {
  serial += 1
  return `98${String(Date.now() % 10_000).padStart(4, '0')}${String(serial % 10_000).padStart(4, '0')}`
}

/** A fresh client address, so per-IP limits of one test do not touch another. */
export function uniqueIp(): string {
  serial += 1
  return `10.${(serial >> 16) & 255}.${(serial >> 8) & 255}.${serial & 255}`
}
