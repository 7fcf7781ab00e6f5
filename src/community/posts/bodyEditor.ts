import {
  lexicalEditor,
  LinkFeature,
  RelationshipFeature,
  UploadFeature,
} from '@payloadcms/richtext-lexical'

/** Features whose nodes name another document, replaced below with a bounded population. */
const NAMING_FEATURES = new Set(['link', 'relationship', 'upload'])

/**
 * The editor of a post's body: the project's default features, but a node naming another
 * document never carries that document's own rich text. Populated, a relationship or internal
 * link to a post carried the whole body of that post, whose nodes named the first in turn:
 * two members' posts naming each other a few hundred times made the public feed megabytes,
 * then a 500 (review round 23). Relationship nodes and internal links keep the id only
 * (`maxDepth: 0`; the app reads what it shows of them itself); an upload node carries its
 * picture's document (its URL and sizes), nothing the picture points at. bodyLimits.ts caps
 * how many such nodes a body holds.
 */
export const postBodyEditor = lexicalEditor({
  features: ({ defaultFeatures }) => [
    ...defaultFeatures.filter((feature) => !NAMING_FEATURES.has(feature.key)),
    LinkFeature({ maxDepth: 0 }),
    RelationshipFeature({ maxDepth: 0 }),
    UploadFeature({ maxDepth: 1 }),
  ],
})
