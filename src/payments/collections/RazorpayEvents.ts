import type { CollectionConfig } from 'payload'

import { hiddenUnless } from '@/access/predicates'

import { readProviderEvents } from '../access'
import { NOT_COPIED } from '@/shared/notCopied'

export const EVENT_OUTCOMES = [
  'received',
  'applied',
  'ignored',
  'unmatched',
  'mismatch',
  'refunded_automatically',
] as const

/**
 * Every Razorpay webhook delivery we acted on, by its `x-razorpay-event-id`. The unique
 * index is what makes redelivery harmless: the row is inserted in the same transaction
 * as the event's effect, so an event is applied exactly once.
 */
export const RazorpayEvents: CollectionConfig = {
  slug: 'razorpay-events',
  ...NOT_COPIED,
  admin: {
    useAsTitle: 'eventId',
    defaultColumns: ['eventId', 'event', 'outcome', 'payment', 'createdAt'],
    group: 'Bookings',
    hidden: hiddenUnless('finance'),
  },
  access: {
    read: readProviderEvents,
    create: () => false,
    update: () => false,
    // What Razorpay told us is the record the money is reconciled against, and an unmatched
    // event may still be applied (a refund reported before its capture): deleting one threw
    // that refund away (review round 40).
    delete: () => false,
  },
  fields: [
    { name: 'eventId', type: 'text', required: true, unique: true },
    { name: 'event', type: 'text', required: true, index: true },
    { name: 'outcome', type: 'select', options: [...EVENT_OUTCOMES], defaultValue: 'received' },
    { name: 'payment', type: 'relationship', relationTo: 'payments', index: true },
    { name: 'note', type: 'text' },
    {
      // A refund of a payment not yet recorded, applied when it is (applyEarlyRefunds).
      name: 'earlyRefund',
      type: 'json',
      admin: { readOnly: true },
    },
  ],
}
