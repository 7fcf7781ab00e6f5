import type { PayloadRequest } from 'payload'

import type { TemplateName } from '../templates'
import { enqueueDelivery } from './enqueueDelivery'

export type Holder = {
  id: number | string
  email?: unknown
  phone?: unknown
  phoneVerified?: unknown
}

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null)

/**
 * A notice about an account or its bookings goes to the holder's address; an account with
 * none (made by OTP) hears by SMS at its proven phone, so no holder is left out (round 16).
 * Queued in the caller's transaction, once per key. Answers whether anything was queued.
 */
export async function noticeToHolder(
  req: PayloadRequest,
  holder: Holder,
  notice: {
    key: string
    template: TemplateName
    params: Record<string, string>
    booking?: number
  },
): Promise<boolean> {
  const email = text(holder.email)
  const phone = holder.phoneVerified === false ? null : text(holder.phone)
  if (!email && !phone) {
    return false
  }
  const result = await enqueueDelivery(req, {
    key: notice.key,
    channel: email ? 'email' : 'sms',
    template: notice.template,
    to: (email ?? phone)!,
    params: notice.params,
    booking: notice.booking,
  })
  return result.created
}
