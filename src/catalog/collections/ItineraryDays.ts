import type { CollectionConfig } from 'payload'

import { hiddenUnless } from '@/access/predicates'

import { activeUnlessStaff, canEditCatalog } from '../access'

export const ItineraryDays: CollectionConfig = {
  slug: 'itinerary-days',
  admin: {
    useAsTitle: 'title',
    defaultColumns: ['trek', 'dayNumber', 'title', 'campName', 'altitude'],
    group: 'Catalog',
    hidden: hiddenUnless('content', 'ops_manager', 'cs', 'finance', 'guide'),
  },
  defaultSort: 'dayNumber',
  access: {
    read: activeUnlessStaff('trek.status'),
    create: canEditCatalog,
    update: canEditCatalog,
    delete: canEditCatalog,
  },
  indexes: [{ fields: ['trek', 'dayNumber'], unique: true }],
  fields: [
    { name: 'trek', type: 'relationship', relationTo: 'treks', required: true, index: true },
    { name: 'dayNumber', type: 'number', required: true, min: 1, max: 60 },
    { name: 'title', type: 'text', required: true, maxLength: 200 },
    { name: 'campName', type: 'text', maxLength: 120 },
    { name: 'altitude', type: 'number', min: 0, max: 9000, admin: { description: 'metres' } },
    { name: 'distanceKm', type: 'number', min: 0, max: 100 },
    { name: 'description', type: 'textarea', maxLength: 10000 },
    { name: 'mealPlan', type: 'text', maxLength: 200 },
  ],
}
