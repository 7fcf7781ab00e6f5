import type { Endpoint, PayloadRequest } from 'payload'

import { env } from '@/config/env'

import { inTransaction } from '../db'
import { isValidWebhookSignature } from '../razorpay/signatures'
import type { RazorpayWebhookEvent } from '../razorpay/types'
import { handleEvent } from '../webhook/handleEvent'
import { claimEvent, settleEvent } from '../webhook/recordEvent'

const MAX_BODY_BYTES = 1024 * 1024

const reply = (status: number, body: Record<string, unknown>) => Response.json(body, { status })
const refuse = (status: number, message: string) => reply(status, { errors: [{ message }] })

async function readRawBody(req: PayloadRequest): Promise<Buffer | null> {
  const declared = Number(req.headers.get('content-length') ?? 0)
  if (declared > MAX_BODY_BYTES || !req.arrayBuffer) {
    return null
  }
  const bytes = Buffer.from(await req.arrayBuffer())
  return bytes.length > MAX_BODY_BYTES ? null : bytes
}

/**
 * Razorpay's signed webhook. The signature covers the exact bytes sent, so the body is
 * verified before it is parsed. Each event id is applied once (see claimEvent); the
 * answer comes as soon as the database work commits, and refunds go to the jobs queue.
 * A 5xx makes Razorpay redeliver, which is what we want when our own write failed.
 */
export const webhookEndpoint: Endpoint = {
  path: '/razorpay/webhook',
  method: 'post',
  handler: async (req) => {
    const raw = await readRawBody(req)
    if (!raw) {
      return refuse(413, 'Webhook body is too large')
    }
    const signature = req.headers.get('x-razorpay-signature') ?? ''
    if (!signature || !isValidWebhookSignature(raw, signature, env.razorpay.webhookSecrets)) {
      req.payload.logger.warn({ msg: 'razorpay webhook with a bad signature' })
      return refuse(400, 'Invalid webhook signature')
    }
    const eventId = req.headers.get('x-razorpay-event-id')?.trim()
    if (!eventId) {
      return refuse(400, 'Missing x-razorpay-event-id header')
    }
    let event: RazorpayWebhookEvent
    try {
      event = JSON.parse(raw.toString('utf8'))
    } catch {
      return refuse(400, 'Webhook body is not JSON')
    }
    if (typeof event?.event !== 'string') {
      return refuse(400, 'Webhook body has no event')
    }

    const result = await inTransaction(req, async () => {
      const claimed = await claimEvent(req, eventId, event.event)
      if (claimed === null) {
        return { outcome: 'duplicate' }
      }
      const handled = await handleEvent(req, eventId, event)
      await settleEvent(req, claimed, handled)
      return handled
    })
    req.payload.logger.info({
      msg: 'razorpay webhook',
      eventId,
      event: event.event,
      outcome: result.outcome,
    })
    return reply(200, { received: true, outcome: result.outcome })
  },
}
