import type { CollectionConfig } from 'payload'

import { anyone, hiddenUnless } from '@/access/predicates'
import { preventLostUpdates } from '@/db/noLostUpdates'
import { slugField } from '@/fields/slug'
import { refuseDeleteWhileUsed } from '@/shared/refuseDeleteWhileUsed'

import { canEditCatalog } from '../access'
import { uniqueRegionName } from '../validation/regions'

/** An edit waits for a delete (or another edit) of the region under way: a 500 otherwise. */
const noLostRegionUpdates = preventLostUpdates('regions')

export const Regions: CollectionConfig = {
  slug: 'regions',
  admin: {
    useAsTitle: 'name',
    defaultColumns: ['name', 'slug', 'updatedAt'],
    group: 'Catalog',
    hidden: hiddenUnless('content', 'ops_manager', 'cs', 'finance', 'guide'),
  },
  access: {
    // Regions carry no status: every region is public, even one with no active trek yet.
    read: anyone,
    create: canEditCatalog,
    update: canEditCatalog,
    delete: canEditCatalog,
  },
  hooks: {
    beforeOperation: [noLostRegionUpdates.lockBeforeRead],
    beforeChange: [noLostRegionUpdates.refuseStaleWrite],
    beforeDelete: [
      refuseDeleteWhileUsed('treks', 'region', 'This region still has treks: move them first'),
    ],
  },
  fields: [
    {
      name: 'name',
      type: 'text',
      required: true,
      unique: true,
      maxLength: 120,
      validate: uniqueRegionName,
    },
    slugField('name'),
    { name: 'description', type: 'textarea', maxLength: 5000 },
  ],
}
