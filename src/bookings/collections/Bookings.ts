import type { CollectionConfig, Field } from 'payload'

import { hiddenUnless } from '@/access/predicates'
import { hasRole, type AuthUser } from '@/access/roles'
import { refuseDeleteWhileUsed } from '@/shared/refuseDeleteWhileUsed'
import { relationId } from '@/shared/relationId'

import {
  canEditDocuments,
  createBookings,
  deleteBookings,
  deskOnly,
  fixedAfterCreate,
  hiddenFromGuideWhenCancelled,
  hiddenFromGuides,
  isBookingDesk,
  notePaidForGuideRead,
  personalSnapshotRead,
  readBookings,
  serverOnly,
  updateBookings,
} from '../access'
import { cancelEndpoint } from '../endpoints/cancel'
import { offlinePaymentEndpoint } from '../endpoints/offlinePayment'
import { guardDocuments, startUnsigned } from '../hooks/guardDocuments'
import { noLostBookingUpdates } from '../hooks/noLostBookingUpdates'
import { holdSeat, refuseSoldOutEarly } from '../hooks/holdSeat'
import {
  freeSeatAfterDelete,
  keepSeatsInStep,
  lockBatchBeforeDelete,
} from '../hooks/keepSeatsInStep'

export const BOOKING_STATUSES = ['pending', 'confirmed', 'cancelled', 'completed'] as const
export const BOOKING_SOURCES = ['app', 'web', 'referral'] as const

const money = (name: string, description?: string): Field => ({
  name,
  type: 'number',
  access: { ...serverOnly, read: hiddenFromGuides },
  admin: { readOnly: true, description: description ?? 'Rupees' },
})

const serverField = (field: Field): Field =>
  ({ ...field, access: serverOnly, admin: { readOnly: true } }) as Field

/** A snapshot of personal data finance may not read (see hiddenFromFinance), nor a guide once cancelled. */
const personalSnapshot = (field: Field): Field =>
  ({
    ...field,
    access: { ...serverOnly, read: personalSnapshotRead },
    admin: { readOnly: true },
  }) as Field

const guideHidesWhenCancelled = (field: Field): Field =>
  ({
    ...field,
    access: { ...serverOnly, read: hiddenFromGuideWhenCancelled },
  }) as Field

const documentBox = (name: string): Field => ({
  name,
  type: 'checkbox',
  defaultValue: false,
  access: { create: canEditDocuments, update: canEditDocuments },
  hooks: { beforeDuplicate: [startUnsigned] },
})

export const Bookings: CollectionConfig = {
  slug: 'bookings',
  // Duplicates stay on: the desk copies a booking for another trekker, and the copy goes
  // through every create check (a new hold, server-set money; tests/bookings/duplicate) and
  // starts with the documents unsigned (startUnsigned).
  admin: {
    useAsTitle: 'trekkerName',
    defaultColumns: ['trekkerName', 'batch', 'status', 'finalAmount', 'amountPaid', 'createdAt'],
    listSearchableFields: ['trekkerName', 'trekkerEmail', 'trekkerPhone'],
    group: 'Bookings',
    hidden: hiddenUnless('ops_manager', 'cs', 'finance', 'guide'),
  },
  access: {
    read: readBookings,
    create: createBookings,
    update: updateBookings,
    delete: deleteBookings,
  },
  indexes: [{ fields: ['batch', 'status'] }],
  endpoints: [cancelEndpoint, offlinePaymentEndpoint],
  hooks: {
    beforeOperation: [noLostBookingUpdates.lockBeforeRead, refuseSoldOutEarly],
    beforeRead: [notePaidForGuideRead],
    beforeChange: [noLostBookingUpdates.refuseStaleWrite, holdSeat, guardDocuments],
    afterChange: [keepSeatsInStep],
    beforeDelete: [
      lockBatchBeforeDelete,
      refuseDeleteWhileUsed(
        'payments',
        'booking',
        'This booking has payments: cancel it instead of deleting it',
      ),
    ],
    afterDelete: [freeSeatAfterDelete],
  },
  fields: [
    {
      // The desk's cancel action (POST /api/bookings/:id/cancel); stores nothing.
      name: 'cancelBooking',
      type: 'ui',
      admin: {
        position: 'sidebar',
        condition: (_data, _sibling, { user }) => isBookingDesk(user as AuthUser),
        components: { Field: '@/bookings/admin/CancelBookingControl#CancelBookingControl' },
      },
    },
    {
      // Money taken outside Razorpay (POST /api/bookings/:id/offline-payment); stores nothing.
      name: 'recordOfflinePayment',
      type: 'ui',
      admin: {
        position: 'sidebar',
        condition: (_data, _sibling, { user }) =>
          hasRole(user as AuthUser, 'super_admin', 'finance', 'cs'),
        components: { Field: '@/bookings/admin/OfflinePaymentControl#OfflinePaymentControl' },
      },
    },
    {
      // Not `required`: a trekker never sends it (the server fills it), and GraphQL would
      // otherwise demand it in createBooking. The validator still refuses a booking without one.
      name: 'user',
      type: 'relationship',
      relationTo: 'users',
      index: true,
      access: fixedAfterCreate,
      validate: (value: unknown) => (relationId(value) ? true : 'A booking needs a trekker'),
    },
    {
      name: 'batch',
      type: 'relationship',
      relationTo: 'batches',
      required: true,
      index: true,
      access: fixedAfterCreate,
    },
    // Not `required` either, for the same GraphQL reason: the server always sets it.
    serverField({
      name: 'status',
      type: 'select',
      options: [...BOOKING_STATUSES],
      defaultValue: 'pending',
      index: true,
    }),
    {
      name: 'source',
      type: 'select',
      options: [...BOOKING_SOURCES],
      defaultValue: 'app',
      access: { update: deskOnly },
    },
    money('baseAmount'),
    money('discountAmount'),
    money('finalAmount'),
    money('amountPaid'),
    money('balanceDue'),
    serverField({
      name: 'holdExpiresAt',
      type: 'date',
      index: true,
      admin: { description: 'An unpaid pending booking is cancelled after this' },
    }),
    serverField({ name: 'confirmedAt', type: 'date' }),
    {
      type: 'collapsible',
      label: 'Trekker snapshot',
      admin: { description: 'Copied from the profile when the booking was made' },
      fields: [
        serverField({ name: 'trekkerName', type: 'text' }),
        personalSnapshot({ name: 'trekkerAge', type: 'number' }),
        personalSnapshot({ name: 'trekkerPhone', type: 'text' }),
        guideHidesWhenCancelled(serverField({ name: 'trekkerEmail', type: 'email' })),
      ],
    },
    {
      type: 'collapsible',
      label: 'Documents',
      fields: [
        documentBox('healthDeclarationSigned'),
        documentBox('waiverSigned'),
        documentBox('idDocumentUploaded'),
        serverField({
          name: 'documentsComplete',
          type: 'checkbox',
          defaultValue: false,
          hooks: { beforeDuplicate: [startUnsigned] },
        }),
      ],
    },
    {
      type: 'collapsible',
      label: 'Emergency contact snapshot',
      fields: [
        personalSnapshot({ name: 'emergencyContactName', type: 'text' }),
        personalSnapshot({ name: 'emergencyContactPhone', type: 'text' }),
        personalSnapshot({ name: 'emergencyContactRelation', type: 'text' }),
      ],
    },
    {
      type: 'collapsible',
      label: 'Cancellation',
      fields: [
        serverField({ name: 'cancelledAt', type: 'date' }),
        serverField({ name: 'cancelledBy', type: 'relationship', relationTo: 'users' }),
        guideHidesWhenCancelled(serverField({ name: 'cancellationReason', type: 'text' })),
        money('refundDue', 'Rupees owed back under the cancellation policy, not yet paid out'),
        money('refundedAmount', 'Rupees already paid back'),
      ],
    },
  ],
}
