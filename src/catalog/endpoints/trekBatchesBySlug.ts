import type { Endpoint } from 'payload'

import { MAX_LIMIT } from '@/access/listSafety'

import { findUpcomingOpenBatches, findVisibleTrek } from './visibleTrek'

const pageNumber = (raw: unknown, fallback: number, max: number) => {
  const value = Number(raw)
  return Number.isInteger(value) && value > 0 ? Math.min(value, max) : fallback
}

/** `GET /api/treks/slug/:slug/batches`: the trek's open departures still ahead, soonest first. */
export const trekBatchesBySlug: Endpoint = {
  path: '/slug/:slug/batches',
  method: 'get',
  handler: async (req) => {
    const trek = await findVisibleTrek(req, 0)
    const result = await findUpcomingOpenBatches(req, trek.id, {
      limit: pageNumber(req.query?.limit, 20, MAX_LIMIT),
      page: pageNumber(req.query?.page, 1, Number.MAX_SAFE_INTEGER),
    })
    return Response.json(result)
  },
  custom: {
    openapi: {
      summary: 'Upcoming open batches of a trek',
      description:
        'Open departures of the trek with this slug that start after now, soonest first, paged ' +
        '(`limit` up to 100, default 20; `page`). 404 when the slug is unknown or not public.',
      security: [],
      parameters: [
        { name: 'slug', in: 'path', required: true, schema: { type: 'string' } },
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100 } },
        { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1 } },
      ],
      responses: {
        200: { description: 'A Payload page of batches: `docs`, `totalDocs`, `page`, ...' },
        404: { description: 'No trek the caller may see has this slug' },
      },
    },
  },
}
