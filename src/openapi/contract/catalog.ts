import { get, json, object, ref, type ContractEndpoint } from './describe'

export const catalogEndpoints: ContractEndpoint[] = [
  get('/api/treks/slug/:slug', {
    tag: 'Catalog',
    summary: 'Trek detail with its itinerary and upcoming open batches',
    who: 'anyone',
    responses: {
      '200': json('The trek', {
        allOf: [
          ref('schemas', 'Trek'),
          object({
            itinerary: { type: 'array', items: ref('schemas', 'ItineraryDay') },
            batches: { type: 'array', items: ref('schemas', 'Batch') },
          }),
        ],
      }),
    },
  }),
  get('/api/treks/slug/:slug/batches', {
    tag: 'Catalog',
    summary: 'Upcoming open batches of a trek',
    who: 'anyone',
    responses: {
      '200': json(
        'Batches by start date',
        object({ docs: { type: 'array', items: ref('schemas', 'Batch') } }, ['docs']),
      ),
    },
  }),
]
