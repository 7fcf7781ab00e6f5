import type { CollectionConfig } from 'payload'

import { hiddenUnless } from '@/access/predicates'
import { hasRole, type AuthUser } from '@/access/roles'
import { preventLostUpdates } from '@/db/noLostUpdates'

import { readPayments, staffReadOnly, superAdminOnly } from '../access'
import { lockPaymentsBooking } from '../db'
import { exportEndpoint } from '../endpoints/exportPayments'
import { markRefundPaidEndpoint } from '../endpoints/markRefundPaid'
import { refundEndpoint } from '../endpoints/refundPayment'
import { verifyEndpoint } from '../endpoints/verifyPayment'
import {
  applyPaymentsByHand,
  keepPaymentsThatMovedMoney,
  lockBookingBeforeHandPayment,
  markPaymentsByHand,
} from '../hooks/paymentsByHand'
import { PAYMENT_REFERENCE_MAX_LENGTH } from '../reference'
import { PAYMENT_STATUSES, REFUND_SOURCES, REFUND_STATUSES } from './paymentStatuses'
import { NOT_COPIED } from '@/shared/notCopied'

export { PAYMENT_STATUSES }

/** Written only by the server (checkout, verification, webhooks, refunds); never through a client. */
const serverWritten = { create: () => false, update: () => false }

/**
 * What a payment is (its booking, amount, currency, state) is the server's to change once
 * written: a super admin's edit of an open order to `success` was taken as money received, and
 * the trekker's real capture that followed was refunded as a second payment (review round 36).
 */
const fixedOnceWritten = { update: () => false }

/** Payments are written by checkout, verification and webhooks, never through the REST API. */
/**
 * Refunds, captures and failures are recorded on the payment row under its lock; a super
 * admin's save in the admin must not write back a copy read before one of them committed.
 * Those writers lock batch, booking, then payment, and so does an update.
 */
const noLostPaymentUpdates = preventLostUpdates('payments', lockPaymentsBooking)

export const Payments: CollectionConfig = {
  slug: 'payments',
  ...NOT_COPIED,
  admin: {
    useAsTitle: 'razorpayOrderId',
    defaultColumns: [
      'createdAt',
      'booking',
      'amount',
      'status',
      'method',
      'razorpayPaymentId',
      'needsAttention',
    ],
    listSearchableFields: ['razorpayOrderId', 'razorpayPaymentId'],
    group: 'Bookings',
    hidden: hiddenUnless('ops_manager', 'cs', 'finance'),
    components: {
      beforeListTable: ['@/payments/admin/ExportPaymentsButton#ExportPaymentsButton'],
    },
  },
  access: {
    read: readPayments,
    create: superAdminOnly,
    update: superAdminOnly,
    delete: superAdminOnly,
  },
  hooks: {
    beforeOperation: [markPaymentsByHand, noLostPaymentUpdates.lockBeforeRead],
    beforeChange: [noLostPaymentUpdates.refuseStaleWrite, lockBookingBeforeHandPayment],
    afterChange: [applyPaymentsByHand],
    beforeDelete: [keepPaymentsThatMovedMoney],
  },
  endpoints: [verifyEndpoint, exportEndpoint, refundEndpoint, markRefundPaidEndpoint],
  fields: [
    {
      // Finance's refund action (POST /api/payments/:id/refund); stores nothing.
      name: 'refundPayment',
      type: 'ui',
      admin: {
        position: 'sidebar',
        condition: (_data, _sibling, { user }) =>
          hasRole(user as AuthUser, 'super_admin', 'finance'),
        components: { Field: '@/payments/admin/RefundPaymentControl#RefundPaymentControl' },
      },
    },
    {
      // Finance records a desk refund paid back by hand
      // (POST /api/payments/:id/refunds/:refundId/paid); stores nothing.
      name: 'handRefundPaid',
      type: 'ui',
      admin: {
        position: 'sidebar',
        condition: (_data, _sibling, { user }) =>
          hasRole(user as AuthUser, 'super_admin', 'finance'),
        components: { Field: '@/payments/admin/HandRefundPaidControl#HandRefundPaidControl' },
      },
    },
    {
      name: 'booking',
      type: 'relationship',
      relationTo: 'bookings',
      required: true,
      index: true,
      access: fixedOnceWritten,
    },
    { name: 'razorpayOrderId', type: 'text', index: true, access: serverWritten },
    { name: 'razorpayPaymentId', type: 'text', unique: true, access: serverWritten },
    {
      name: 'amount',
      type: 'number',
      required: true,
      access: fixedOnceWritten,
      admin: { description: 'Rupees' },
    },
    { name: 'currency', type: 'text', defaultValue: 'INR', access: fixedOnceWritten },
    {
      name: 'status',
      type: 'select',
      options: [...PAYMENT_STATUSES],
      defaultValue: 'pending',
      required: true,
      index: true,
      access: fixedOnceWritten,
    },
    { name: 'method', type: 'text', admin: { description: 'upi, card, netbanking, cash, ...' } },
    {
      // So finance can match desk takings to their receipt or bank transfer.
      name: 'reference',
      type: 'text',
      maxLength: PAYMENT_REFERENCE_MAX_LENGTH,
      access: serverWritten,
      admin: { readOnly: true, description: 'Receipt number or transfer UTR of a desk payment' },
    },
    { name: 'capturedAt', type: 'date', access: serverWritten, admin: { readOnly: true } },
    { name: 'failureReason', type: 'text', access: serverWritten, admin: { readOnly: true } },
    {
      name: 'amountRefunded',
      type: 'number',
      defaultValue: 0,
      access: serverWritten,
      admin: {
        readOnly: true,
        description:
          'Rupees refunded: confirmed by Razorpay, or recorded by finance as paid by hand',
      },
    },
    {
      name: 'refunds',
      type: 'array',
      access: serverWritten,
      admin: {
        readOnly: true,
        description:
          'queued: waiting for Razorpay; pending: with Razorpay, or for a payment taken at the ' +
          'desk (no Razorpay payment id) owed by hand until finance records it as paid; ' +
          'processed: paid back; failed: refused by Razorpay, holds nothing',
      },
      fields: [
        { name: 'amount', type: 'number', required: true, admin: { description: 'Rupees' } },
        { name: 'status', type: 'select', options: [...REFUND_STATUSES], required: true },
        { name: 'source', type: 'select', options: [...REFUND_SOURCES], required: true },
        { name: 'reason', type: 'text' },
        { name: 'razorpayRefundId', type: 'text', index: true },
        { name: 'failureReason', type: 'text' },
        {
          name: 'payoutReference',
          type: 'text',
          maxLength: PAYMENT_REFERENCE_MAX_LENGTH,
          admin: { description: 'Voucher or bank transfer reference of a refund paid by hand' },
        },
        { name: 'requestedAt', type: 'date' },
        {
          name: 'requestedBy',
          type: 'relationship',
          relationTo: 'users',
          access: { read: staffReadOnly },
        },
      ],
    },
    {
      name: 'needsAttention',
      type: 'checkbox',
      defaultValue: false,
      index: true,
      access: { read: staffReadOnly },
      admin: { position: 'sidebar', description: 'Set when something needs a person to look' },
    },
    {
      name: 'attentionReason',
      type: 'textarea',
      access: { read: staffReadOnly },
      admin: { position: 'sidebar' },
    },
    {
      name: 'razorpayEventIds',
      type: 'text',
      hasMany: true,
      access: { read: staffReadOnly, ...serverWritten },
      admin: { readOnly: true, description: 'Webhook deliveries that changed this payment' },
    },
  ],
}
