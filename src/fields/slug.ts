import type { Field } from 'payload'

export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
}

/** A unique URL slug, generated from `sourceField` when left empty. */
export function slugField(sourceField = 'name'): Field {
  return {
    name: 'slug',
    type: 'text',
    unique: true,
    index: true,
    // Not `required` in the schema: the hook fills it, and the validator rejects a blank one.
    admin: { position: 'sidebar', description: `Generated from ${sourceField} when left empty` },
    hooks: {
      beforeValidate: [
        ({ value, siblingData }) => {
          if (typeof value === 'string' && value.trim() !== '') {
            return slugify(value)
          }
          const source = siblingData?.[sourceField]
          return typeof source === 'string' ? slugify(source) : value
        },
      ],
    },
    validate: (value: unknown) =>
      typeof value === 'string' && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(value)
        ? true
        : 'Slug must be lowercase letters, digits and hyphens',
  }
}
