import type { CollectionConfig } from 'payload'

const nobody = () => false

/**
 * Sign-in state lives in tables Payload manages (schema, migrations, transactions) but no API
 * may read or write: not REST, not GraphQL, not the admin. Only server code touches them.
 */
export function privateCollection(
  slug: string,
  fields: CollectionConfig['fields'],
  indexes?: CollectionConfig['indexes'],
): CollectionConfig {
  return {
    slug,
    admin: { hidden: true },
    access: { read: nobody, create: nobody, update: nobody, delete: nobody, readVersions: nobody },
    graphQL: false,
    fields,
    indexes,
  }
}
