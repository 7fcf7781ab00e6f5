import type { CollectionConfig, FieldAccess } from 'payload'

import { hiddenUnless, nobody, rolesCan } from '@/access/predicates'
import type { AuthUser } from '@/access/roles'

import { canHandleIncidents, readIncidents } from '../access'
import { reportIncidentEndpoint } from '../endpoints/reportIncident'
import { incidentStatusEndpoints } from '../endpoints/changeIncidentStatus'
import { preventLostUpdates } from '@/db/noLostUpdates'
import { refuseWritesForErasedAccount } from '@/users/privacy/refuseWritesForErasedAccount'

import {
  INCIDENT_NOTE_MAX_LENGTH,
  INCIDENT_STATUSES,
  LOG_ACTION_ROOM,
  recordStaffActions,
} from '../hooks/recordStaffActions'
import { NOT_COPIED } from '@/shared/notCopied'

/** What the trekker reported is evidence: set once by the SOS endpoint, never edited. */
const asReported = { create: () => false, update: () => false }

const handlersWrite: FieldAccess = ({ req }) => canHandleIncidents(req.user as AuthUser)

/**
 * Each save appends to the log it read: two handlers saving at once (the action endpoints,
 * a PATCH, a bulk edit from the list) would otherwise drop one entry or undo a status change.
 */
const noLostIncidentUpdates = preventLostUpdates('incidents')

/**
 * An SOS from a trekker. Created only through `POST /api/incidents` (idempotent on
 * `clientId`, which queues the alerts); handled by ops and support, whose every status
 * change and note lands in `log` with time and author.
 */
export const Incidents: CollectionConfig = {
  slug: 'incidents',
  ...NOT_COPIED,
  admin: {
    // What the trekker wrote tells the desk which SOS this is; the app's id does not.
    useAsTitle: 'message',
    defaultColumns: ['trekker', 'batch', 'status', 'occurredAt', 'message'],
    // Support finds an SOS by what the trekker wrote or by the app's id from a call.
    listSearchableFields: ['message', 'clientId'],
    group: 'Emergency',
    hidden: hiddenUnless('ops_manager', 'cs', 'guide'),
  },
  // Newest first by when the SOS reached OBS: the phone's `occurredAt` is evidence, but a wrong
  // or hostile clock must not bury a new SOS below older ones in the desk's list.
  defaultSort: '-createdAt',
  access: {
    read: readIncidents,
    // The SOS endpoint creates incidents after checking the caller; no other path may.
    create: nobody,
    update: rolesCan('ops_manager', 'cs'),
    delete: rolesCan(),
  },
  endpoints: [reportIncidentEndpoint, ...incidentStatusEndpoints],
  hooks: {
    beforeOperation: [noLostIncidentUpdates.lockBeforeRead],
    beforeChange: [
      noLostIncidentUpdates.refuseStaleWrite,
      refuseWritesForErasedAccount('trekker'),
      recordStaffActions,
    ],
  },
  fields: [
    {
      // Acknowledge, add a note, resolve (POST /api/incidents/:id/…); stores nothing.
      name: 'incidentActions',
      type: 'ui',
      admin: {
        position: 'sidebar',
        condition: (_data, _sibling, { user }) => canHandleIncidents(user as AuthUser),
        components: { Field: '@/emergency/admin/IncidentActionsControl#IncidentActionsControl' },
      },
    },
    {
      name: 'trekker',
      type: 'relationship',
      relationTo: 'users',
      required: true,
      index: true,
      access: asReported,
      admin: { readOnly: true },
    },
    {
      name: 'batch',
      type: 'relationship',
      relationTo: 'batches',
      index: true,
      access: asReported,
      admin: { readOnly: true },
    },
    {
      name: 'clientId',
      type: 'text',
      required: true,
      unique: true,
      maxLength: 100,
      access: asReported,
      admin: { readOnly: true, description: "The app's idempotency key for this SOS" },
    },
    {
      type: 'row',
      fields: [
        {
          name: 'latitude',
          type: 'number',
          min: -90,
          max: 90,
          access: asReported,
          admin: { readOnly: true },
        },
        {
          name: 'longitude',
          type: 'number',
          min: -180,
          max: 180,
          access: asReported,
          admin: { readOnly: true },
        },
      ],
    },
    {
      name: 'occurredAt',
      type: 'date',
      required: true,
      index: true,
      access: asReported,
      admin: { readOnly: true, date: { pickerAppearance: 'dayAndTime' } },
    },
    {
      name: 'message',
      type: 'textarea',
      maxLength: 2000,
      access: asReported,
      admin: { readOnly: true },
    },
    {
      name: 'status',
      type: 'select',
      required: true,
      defaultValue: 'open',
      index: true,
      options: [...INCIDENT_STATUSES],
      access: { create: () => false, update: handlersWrite },
      // Changed in the admin through the "Incident actions" box, whose endpoints check the
      // move and log it; the API (PATCH) still accepts it from handlers, logged the same way.
      admin: { position: 'sidebar', readOnly: true },
    },
    {
      name: 'note',
      type: 'textarea',
      virtual: true,
      maxLength: INCIDENT_NOTE_MAX_LENGTH,
      access: { create: () => false, update: handlersWrite, read: () => false },
      // The admin adds notes through the "Incident actions" box; this stays for the API.
      admin: { hidden: true },
    },
    {
      name: 'acknowledgedAt',
      type: 'date',
      access: asReported,
      admin: { readOnly: true, position: 'sidebar' },
    },
    {
      name: 'resolvedAt',
      type: 'date',
      access: asReported,
      admin: { readOnly: true, position: 'sidebar' },
    },
    {
      name: 'log',
      type: 'array',
      access: asReported,
      admin: { readOnly: true, description: 'Staff actions, oldest first' },
      fields: [
        {
          name: 'at',
          type: 'date',
          required: true,
          admin: { date: { pickerAppearance: 'dayAndTime' } },
        },
        { name: 'by', type: 'relationship', relationTo: 'users' },
        // Room for the action's word before a note of the longest length ("Acknowledged: …"):
        // a 2,000-character note given with an acknowledgement was refused (review round 38).
        {
          name: 'note',
          type: 'textarea',
          required: true,
          maxLength: INCIDENT_NOTE_MAX_LENGTH + LOG_ACTION_ROOM,
        },
      ],
    },
  ],
}
