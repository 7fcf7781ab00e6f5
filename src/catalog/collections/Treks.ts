import type { CollectionConfig } from 'payload'

import { hiddenUnless } from '@/access/predicates'
import { hasRole, type AuthUser } from '@/access/roles'

import { activeUnlessStaff, canEditCatalog } from '../access'
import { slugField } from '@/fields/slug'

export const TREK_DIFFICULTIES = ['easy', 'moderate', 'difficult', 'very_difficult'] as const
export const TREK_STATUSES = ['draft', 'active', 'archived'] as const
export const TREK_THEMES = [
  'alpine_lakes',
  'base_camp',
  'culture',
  'family',
  'forest',
  'glacier',
  'high_pass',
  'meadows',
  'monsoon',
  'snow',
  'summit',
  'weekend',
  'wildlife',
  'winter',
] as const

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
    delete: ({ req }) => hasRole(req.user as AuthUser, 'super_admin', 'ops_manager'),
  },
  fields: [
    { name: 'name', type: 'text', required: true, maxLength: 120 },
    slugField('name'),
    { name: 'region', type: 'relationship', relationTo: 'regions', required: true, index: true },
    { name: 'description', type: 'textarea', maxLength: 20000 },
    {
      type: 'row',
      fields: [
        { name: 'maxAltitude', type: 'number', required: true, min: 0, max: 9000, admin: { description: 'metres' } },
        { name: 'totalDistance', type: 'number', min: 0, max: 1000, admin: { description: 'km' } },
        { name: 'durationDays', type: 'number', required: true, min: 1, max: 60 },
        { name: 'maxGroupSize', type: 'number', min: 1, max: 100 },
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
      min: 1,
      max: 12,
      admin: { description: 'Months 1–12 when the trek is at its best' },
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
    { name: 'gpxFile', type: 'upload', relationTo: 'media' },
    { name: 'heroImage', type: 'upload', relationTo: 'media' },
    {
      name: 'status',
      type: 'select',
      required: true,
      defaultValue: 'draft',
      index: true,
      options: [...TREK_STATUSES],
      admin: { position: 'sidebar' },
      validate: (value: unknown, { req, previousValue }: { req: { user?: unknown }; previousValue?: unknown }) => {
        const user = req.user as AuthUser
        const changed = value !== (previousValue ?? 'draft')
        if (changed && value !== 'draft' && !hasRole(user, 'super_admin', 'ops_manager')) {
          return 'Only ops managers can publish or archive a trek; content editors save drafts'
        }
        return true
      },
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
