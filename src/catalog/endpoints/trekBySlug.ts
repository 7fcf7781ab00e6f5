import type { Endpoint } from 'payload'

import { findUpcomingOpenBatches, findVisibleTrek } from './visibleTrek'

/** Departures shown on the detail page; the batches endpoint pages through the rest. */
const DETAIL_BATCHES = 10

/**
 * `GET /api/treks/slug/:slug`: one trek with its whole itinerary (by day) and its next
 * open departures. Three finds whatever the trek's size, each under the caller's access.
 */
export const trekBySlug: Endpoint = {
  path: '/slug/:slug',
  method: 'get',
  handler: async (req) => {
    const trek = await findVisibleTrek(req, 1)

    const [itinerary, batches] = await Promise.all([
      req.payload.find({
        collection: 'itinerary-days',
        where: { trek: { equals: trek.id } },
        sort: 'dayNumber',
        // durationDays is at most 60, so one page holds every day.
        limit: 60,
        select: { trek: false },
        depth: 0,
        overrideAccess: false,
        user: req.user,
        req,
      }),
      findUpcomingOpenBatches(req, trek.id, { limit: DETAIL_BATCHES }),
    ])

    return Response.json({
      ...trek,
      itinerary: itinerary.docs,
      upcomingBatches: batches.docs,
      hasMoreBatches: batches.hasNextPage,
    })
  },
  custom: {
    openapi: {
      summary: 'Trek detail by slug',
      description:
        'An active trek (any trek for staff) with its itinerary days sorted by day number and ' +
        'its next open departures, soonest first. 404 when the slug is unknown or not public.',
      security: [],
      parameters: [{ name: 'slug', in: 'path', required: true, schema: { type: 'string' } }],
      responses: {
        200: { description: 'The trek with `itinerary`, `upcomingBatches`, `hasMoreBatches`' },
        404: { description: 'No trek the caller may see has this slug' },
      },
    },
  },
}
