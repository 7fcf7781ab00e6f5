import type { CollectionConfig } from 'payload'

import { anyone, hiddenUnless } from '@/access/predicates'

import { canEditCatalog } from '../access'
import { slugField } from '@/fields/slug'

export const Regions: CollectionConfig = {
  slug: 'regions',
  admin: {
    useAsTitle: 'name',
    defaultColumns: ['name', 'slug', 'updatedAt'],
    group: 'Catalog',
    hidden: hiddenUnless('content', 'ops_manager', 'cs', 'finance', 'guide'),
  },
  access: {
    read: anyone,
    create: canEditCatalog,
    update: canEditCatalog,
    delete: canEditCatalog,
  },
  fields: [
    { name: 'name', type: 'text', required: true, unique: true, maxLength: 120 },
    slugField('name'),
    { name: 'description', type: 'textarea', maxLength: 5000 },
  ],
}
