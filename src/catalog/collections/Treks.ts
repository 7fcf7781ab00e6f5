import type { CollectionConfig } from 'payload'

import { hiddenUnless } from '@/access/predicates'
import { slugField } from '@/fields/slug'

import { activeUnlessStaff, canDeleteTreks, canEditCatalog } from '../access'
import { trekBatchesBySlug } from '../endpoints/trekBatchesBySlug'
import { trekBySlug } from '../endpoints/trekBySlug'
import { relabelBatchesOfRenamedTrek } from '../hooks/batchLabel'
import { deleteItineraryWithTrek } from '../hooks/deleteItineraryWithTrek'
import { guardTrekStatus } from '../hooks/guardTrekStatus'
import { noLostTrekUpdates } from '../hooks/noLostTrekUpdates'
import { duplicateAsDraft, startWithoutDepartures } from '../hooks/startWithoutDepartures'
import { PICTURES_ONLY } from '@/media/access'
import { catalogUploadsOnly } from '@/media/ownUploadOnly'
import { keepMediaVisibilityFresh } from '@/media/visibility'
import { refuseDeleteWhileUsed } from '@/shared/refuseDeleteWhileUsed'

import { selectCardFieldsForTrekLists } from '../trekCardSelect'
import { TREK_DIFFICULTIES, TREK_STATUSES, TREK_THEMES } from '../options'
import { durationCoversItinerary } from '../validation/itinerary'
import { altitudeInMetres, monthsOfYear, numberBetween } from '../validation/numbers'

const pictureVisibility = keepMediaVisibilityFresh(['heroImage', 'gpxFile'])

/** Card fields are maintained by the server from batches; no client writes them. */
const serverMaintained = { create: () => false, update: () => false }

export const Treks: CollectionConfig = {
  slug: 'treks',
  admin: {
    useAsTitle: 'name',
    defaultColumns: ['name', 'region', 'difficulty', 'durationDays', 'status', 'nextBatch'],
    listSearchableFields: ['name', 'slug'],
    group: 'Catalog',
    hidden: hiddenUnless('content', 'ops_manager', 'cs', 'finance', 'guide'),
  },
  defaultSort: 'name',
  access: {
    read: activeUnlessStaff('status'),
    create: canEditCatalog,
    update: canEditCatalog,
    delete: canDeleteTreks,
  },
  endpoints: [trekBySlug, trekBatchesBySlug],
  hooks: {
    beforeOperation: [noLostTrekUpdates.lockBeforeRead, selectCardFieldsForTrekLists],
    beforeChange: [
      noLostTrekUpdates.refuseStaleWrite,
      guardTrekStatus,
      startWithoutDepartures,
      catalogUploadsOnly('treks', 'heroImage'),
      catalogUploadsOnly('treks', 'gpxFile'),
    ],
    afterChange: [relabelBatchesOfRenamedTrek, pictureVisibility.afterChange],
    beforeDelete: [
      refuseDeleteWhileUsed(
        'batches',
        'trek',
        'This trek has batches: archive it instead of deleting it',
      ),
      deleteItineraryWithTrek,
    ],
    afterDelete: [pictureVisibility.afterDelete],
  },
  fields: [
    { name: 'name', type: 'text', required: true, maxLength: 120 },
    slugField('name'),
    { name: 'region', type: 'relationship', relationTo: 'regions', required: true, index: true },
    { name: 'description', type: 'textarea', maxLength: 20000 },
    {
      type: 'row',
      fields: [
        {
          name: 'maxAltitude',
          type: 'number',
          required: true,
          admin: { description: 'metres' },
          validate: altitudeInMetres('Max altitude', true),
        },
        {
          name: 'totalDistance',
          type: 'number',
          admin: { description: 'km' },
          validate: numberBetween('Total distance', 0, 1000, { unit: 'km' }),
        },
        {
          name: 'durationDays',
          type: 'number',
          required: true,
          validate: durationCoversItinerary,
        },
        {
          name: 'maxGroupSize',
          type: 'number',
          validate: numberBetween('Max group size', 1, 100, { whole: true }),
        },
      ],
    },
    {
      name: 'difficulty',
      type: 'select',
      required: true,
      index: true,
      options: [...TREK_DIFFICULTIES],
    },
    { name: 'themes', type: 'select', hasMany: true, options: [...TREK_THEMES] },
    {
      name: 'bestMonths',
      type: 'number',
      hasMany: true,
      admin: { description: 'Months 1–12 when the trek is at its best' },
      validate: monthsOfYear,
    },
    { name: 'inclusions', type: 'text', hasMany: true, maxRows: 50 },
    { name: 'exclusions', type: 'text', hasMany: true, maxRows: 50 },
    { name: 'packingList', type: 'text', hasMany: true, maxRows: 100 },
    { name: 'fitnessPrep', type: 'textarea', maxLength: 5000 },
    {
      name: 'faqs',
      type: 'array',
      maxRows: 50,
      fields: [
        { name: 'question', type: 'text', required: true, maxLength: 500 },
        { name: 'answer', type: 'textarea', required: true, maxLength: 5000 },
      ],
    },
    {
      name: 'gpxFile',
      type: 'upload',
      relationTo: 'media',
      filterOptions: { mimeType: { equals: 'application/gpx+xml' } },
    },
    {
      name: 'heroImage',
      type: 'upload',
      relationTo: 'media',
      filterOptions: PICTURES_ONLY,
    },
    {
      name: 'status',
      type: 'select',
      required: true,
      defaultValue: 'draft',
      index: true,
      options: [...TREK_STATUSES],
      hooks: { beforeDuplicate: [duplicateAsDraft] },
      admin: { position: 'sidebar', description: 'Content saves drafts; ops publish and archive' },
    },
    {
      name: 'nextBatch',
      type: 'group',
      access: serverMaintained,
      admin: { readOnly: true, position: 'sidebar', description: 'Next open departure' },
      fields: [
        { name: 'startDate', type: 'date', index: true },
        { name: 'price', type: 'number', index: true },
      ],
    },
    {
      name: 'seatsLeft',
      type: 'number',
      access: serverMaintained,
      admin: { readOnly: true, position: 'sidebar' },
    },
  ],
}
