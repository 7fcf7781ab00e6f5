import { docMessage, post, type ContractEndpoint } from './describe'

/** Payload's duplicate route, on the collections that allow it (the others set NOT_COPIED). */
const duplicable = [
  { slug: 'regions', schema: 'Region', copy: 'a region' },
  { slug: 'treks', schema: 'Trek', copy: 'a trek, as a draft with no departure card' },
  { slug: 'itinerary-days', schema: 'ItineraryDay', copy: 'an itinerary day' },
  { slug: 'guides', schema: 'Guide', copy: 'a guide card' },
  { slug: 'batches', schema: 'Batch', copy: 'a batch, `open` with no booked seats' },
  { slug: 'badges', schema: 'Badge', copy: 'a badge' },
  {
    slug: 'bookings',
    schema: 'Booking',
    copy: 'a booking, as a new hold with server-set money and status and its documents unsigned',
  },
]

export const duplicateEndpoints: ContractEndpoint[] = duplicable.map(({ slug, schema, copy }) =>
  post(`/api/${slug}/:id/duplicate`, {
    tag: 'Duplicates',
    summary: `Copy ${copy}`,
    description:
      "Payload's duplicate route (GraphQL `duplicate<Collection>`): whoever may create such a " +
      'document may copy one, with the same field access as a create. Answers 200 with the ' +
      'copy, as every Payload duplicate does (not 201).',
    who: 'signedIn',
    responses: { '200': docMessage('The copy', schema) },
    alsoErrors: [403],
  }),
)
