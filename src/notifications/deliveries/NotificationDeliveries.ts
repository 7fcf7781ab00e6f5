import type { CollectionConfig } from 'payload'

import { hiddenUnless, nobody, rolesCan } from '@/access/predicates'

import { TEMPLATE_NAMES } from '../templates'
import { NOT_COPIED } from '@/shared/notCopied'

export const DELIVERY_CHANNELS = ['sms', 'email'] as const
export const DELIVERY_STATUSES = ['queued', 'sending', 'sent', 'failed'] as const

export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number]
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number]

/**
 * One row per message we owe someone: an SOS alert to one recipient, one booking e-mail,
 * one reminder. `key` makes each message exist once however often it is asked for; the
 * jobs queue sends it, with retries, and the row shows staff what happened.
 */
export const NotificationDeliveries: CollectionConfig = {
  slug: 'notification-deliveries',
  ...NOT_COPIED,
  labels: { singular: 'Delivery', plural: 'Deliveries' },
  admin: {
    useAsTitle: 'key',
    defaultColumns: ['template', 'channel', 'to', 'status', 'attempts', 'sentAt', 'incident'],
    group: 'Notifications',
    hidden: hiddenUnless('ops_manager', 'cs'),
    description: 'Every SMS and e-mail the system sends, with its delivery state.',
  },
  defaultSort: '-createdAt',
  access: {
    read: rolesCan('ops_manager', 'cs'),
    // Rows are written by the server only (enqueueDelivery and the send task).
    create: nobody,
    update: nobody,
    delete: rolesCan(),
  },
  fields: [
    {
      name: 'key',
      type: 'text',
      required: true,
      unique: true,
      index: true,
      admin: { readOnly: true, description: 'What this message is for; one delivery per key' },
    },
    { name: 'channel', type: 'select', required: true, options: [...DELIVERY_CHANNELS] },
    { name: 'template', type: 'select', required: true, options: [...TEMPLATE_NAMES] },
    { name: 'to', type: 'text', required: true, admin: { description: 'Phone (E.164) or e-mail' } },
    { name: 'params', type: 'json', admin: { readOnly: true } },
    { name: 'incident', type: 'relationship', relationTo: 'incidents', index: true },
    { name: 'booking', type: 'relationship', relationTo: 'bookings', index: true },
    {
      name: 'status',
      type: 'select',
      required: true,
      defaultValue: 'queued',
      index: true,
      options: [...DELIVERY_STATUSES],
    },
    { name: 'attempts', type: 'number', required: true, defaultValue: 0 },
    { name: 'lastError', type: 'text' },
    { name: 'sentAt', type: 'date' },
    {
      name: 'claimedAt',
      type: 'date',
      admin: { readOnly: true, description: 'When a worker last started sending it' },
    },
  ],
}
