import type { PayloadRequest } from 'payload'

import { enqueueDelivery } from '@/notifications'

/**
 * The old number and the account's address are told, in the change's transaction: a change
 * the holder did not make (a stolen session with a code to the current phone, a staff
 * mistake) does not go unnoticed.
 */
export async function noticePhoneChange(
  req: PayloadRequest,
  doc: {
    id: number | string
    email?: string | null
    firstName?: string | null
    phone?: string | null
    updatedAt?: string
  },
  oldPhone: string | null,
) {
  const params = {
    name: doc.firstName ?? '',
    phoneEnding: (doc.phone ?? '').slice(-4),
  }
  const key = `phone_changed_notice:${doc.id}:${doc.updatedAt ?? Date.now()}`
  if (oldPhone) {
    await enqueueDelivery(req, {
      key: `${key}:sms`,
      channel: 'sms',
      template: 'phone_changed_notice',
      to: oldPhone,
      params,
    })
  }
  if (doc.email) {
    await enqueueDelivery(req, {
      key: `${key}:email`,
      channel: 'email',
      template: 'phone_changed_notice',
      to: doc.email,
      params,
    })
  }
}
