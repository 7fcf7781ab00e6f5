import type { CollectionConfig } from 'payload'

import { hiddenUnless } from '@/access/predicates'
import { preventLostUpdates } from '@/db/noLostUpdates'

import { activeUnlessStaff, canEditCatalog } from '../access'
import { dayNumberFitsTrek } from '../validation/itinerary'
import { altitudeInMetres, numberBetween } from '../validation/numbers'

/** An edit waits for a delete (or another edit) of the day under way: a 500 otherwise. */
const noLostDayUpdates = preventLostUpdates('itinerary_days')

export const ItineraryDays: CollectionConfig = {
  slug: 'itinerary-days',
  labels: { singular: 'Itinerary Day', plural: 'Itinerary Days' },
  admin: {
    useAsTitle: 'title',
    defaultColumns: ['trek', 'dayNumber', 'title', 'campName', 'altitude'],
    group: 'Catalog',
    hidden: hiddenUnless('content', 'ops_manager', 'cs', 'finance', 'guide'),
  },
  defaultSort: 'dayNumber',
  access: {
    // Days of draft and archived treks stay hidden from the public with their trek.
    read: activeUnlessStaff('trek.status'),
    create: canEditCatalog,
    update: canEditCatalog,
    delete: canEditCatalog,
  },
  hooks: {
    beforeOperation: [noLostDayUpdates.lockBeforeRead],
    beforeChange: [noLostDayUpdates.refuseStaleWrite],
  },
  indexes: [{ fields: ['trek', 'dayNumber'], unique: true }],
  fields: [
    { name: 'trek', type: 'relationship', relationTo: 'treks', required: true, index: true },
    { name: 'dayNumber', type: 'number', required: true, validate: dayNumberFitsTrek },
    { name: 'title', type: 'text', required: true, maxLength: 200 },
    { name: 'campName', type: 'text', maxLength: 120 },
    {
      name: 'altitude',
      type: 'number',
      admin: { description: 'metres' },
      validate: altitudeInMetres('Altitude'),
    },
    {
      name: 'distanceKm',
      type: 'number',
      validate: numberBetween('Distance', 0, 100, { unit: 'km' }),
    },
    { name: 'description', type: 'textarea', maxLength: 10000 },
    { name: 'mealPlan', type: 'text', maxLength: 200 },
  ],
}
