/** Option lists of the catalog, named as in the contract. */
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

export const BATCH_STATUSES = ['open', 'full', 'ongoing', 'completed', 'cancelled'] as const
