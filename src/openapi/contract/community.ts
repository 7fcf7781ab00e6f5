import { get, json, object, ref, type ContractEndpoint } from './describe'

const idFilter = (name: string, description: string) => ({
  name,
  description,
  schema: { type: 'integer', minimum: 1 },
})

const authorCard = object({
  id: { type: 'integer' },
  firstName: { type: 'string', nullable: true },
  tribeHandle: { type: 'string', nullable: true },
  profilePhoto: { nullable: true, description: 'Media document, or its id' },
})

export const communityEndpoints: ContractEndpoint[] = [
  get('/api/posts/feed', {
    tag: 'Community',
    summary: 'Published posts, newest first, in cursor pages',
    description:
      'Pass back nextCursor for the next page; posts added meanwhile never make a page ' +
      'repeat or skip one. Authors appear as public cards, without contact details.',
    who: 'anyone',
    query: [
      {
        name: 'cursor',
        description: 'nextCursor of the previous page',
        schema: { type: 'string' },
      },
      {
        name: 'limit',
        description: 'Page size, 20 by default, capped at 50',
        schema: { type: 'integer', minimum: 1, maximum: 50, default: 20 },
      },
      {
        name: 'kind',
        description: 'Feed posts or trek journals',
        schema: { type: 'string', enum: ['feed', 'journal'] },
      },
      idFilter('trek', 'Only posts about this trek'),
      idFilter('batch', 'Only posts from this batch'),
      idFilter('author', 'Only posts by this user'),
    ],
    responses: {
      '200': json(
        'A page of posts',
        object(
          {
            docs: {
              type: 'array',
              items: { allOf: [ref('schemas', 'Post'), object({ author: authorCard })] },
            },
            nextCursor: { type: 'string', nullable: true },
          },
          ['docs', 'nextCursor'],
        ),
      ),
    },
  }),
]
