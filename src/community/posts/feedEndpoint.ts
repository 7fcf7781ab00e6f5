import { APIError, type Endpoint, type PayloadRequest, type Where } from 'payload'

import type { Post, User } from '@/payload-types'

import { decodeCursor, encodeCursor } from './feedCursor'

export const FEED_DEFAULT_LIMIT = 20
export const FEED_MAX_LIMIT = 50

function pageSize(raw: string | null): number {
  if (raw === null || raw === '') {
    return FEED_DEFAULT_LIMIT
  }
  const limit = Number(raw)
  if (!Number.isInteger(limit) || limit < 1) {
    throw new APIError('limit must be a whole number from 1', 400)
  }
  return Math.min(limit, FEED_MAX_LIMIT)
}

function filters(params: URLSearchParams): Where[] {
  const where: Where[] = []
  const kind = params.get('kind')
  if (kind) {
    if (!['feed', 'journal'].includes(kind)) {
      throw new APIError('kind must be feed or journal', 400)
    }
    where.push({ kind: { equals: kind } })
  }
  for (const field of ['trek', 'batch', 'author'] as const) {
    const value = params.get(field)
    if (value) {
      if (!/^\d+$/.test(value)) {
        throw new APIError(`${field} must be an id`, 400)
      }
      where.push({ [field]: { equals: Number(value) } })
    }
  }
  return where
}

/** The public face of an author next to their post: no contact details. */
async function authorCards(posts: Post[], req: PayloadRequest) {
  const ids = [
    ...new Set(
      posts.map((post) => (typeof post.author === 'object' ? post.author.id : post.author)),
    ),
  ]
  if (ids.length === 0) {
    return new Map<number, unknown>()
  }
  const { docs } = await req.payload.find({
    collection: 'users',
    where: { id: { in: ids } },
    select: { firstName: true, tribeHandle: true, profilePhoto: true },
    depth: 1,
    limit: ids.length,
    pagination: false,
    overrideAccess: true,
    req,
  })
  return new Map(
    (docs as User[]).map((user) => [
      user.id,
      {
        id: user.id,
        firstName: user.firstName ?? null,
        tribeHandle: user.tribeHandle ?? null,
        profilePhoto: user.profilePhoto ?? null,
      },
    ]),
  )
}

/**
 * `GET /api/posts/feed?cursor=&limit=&kind=&trek=&batch=&author=`: published posts, newest
 * first, in pages keyed on (createdAt, id). A scrolling app passes back `nextCursor`; posts
 * added meanwhile sort before the cursor, so pages never repeat or skip one. The same
 * handful of queries whatever the page size.
 */
export const feedEndpoint: Endpoint = {
  path: '/feed',
  method: 'get',
  handler: async (req) => {
    const params = req.searchParams
    const limit = pageSize(params.get('limit'))
    const cursor = decodeCursor(params.get('cursor'))
    const and: Where[] = [{ status: { equals: 'published' } }, ...filters(params)]
    if (cursor) {
      and.push({
        or: [
          { createdAt: { less_than: cursor.createdAt } },
          { and: [{ createdAt: { equals: cursor.createdAt } }, { id: { less_than: cursor.id } }] },
        ],
      })
    }

    const { docs } = await req.payload.find({
      collection: 'posts',
      where: { and },
      sort: ['-createdAt', '-id'],
      limit: limit + 1,
      depth: 1,
      overrideAccess: false,
      req,
    })
    const page = (docs as Post[]).slice(0, limit)
    const last = page[page.length - 1]
    const nextCursor =
      docs.length > limit && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null

    const cards = await authorCards(page, req)
    return Response.json({
      docs: page.map((post) => ({
        ...post,
        author: cards.get(typeof post.author === 'object' ? post.author.id : post.author) ?? null,
      })),
      nextCursor,
    })
  },
}
