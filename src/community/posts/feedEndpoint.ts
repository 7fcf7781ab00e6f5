import { APIError, type Endpoint, type PayloadRequest, type Where } from 'payload'

import type { Post, User } from '@/payload-types'
import { relationId } from '@/shared/relationId'

import { decodeCursor, encodeCursor } from './feedCursor'

export const FEED_DEFAULT_LIMIT = 20
export const FEED_MAX_LIMIT = 50

function pageSize(raw: string | null): number {
  if (raw === null || raw === '') {
    return FEED_DEFAULT_LIMIT
  }
  const limit = Number(raw)
  if (!Number.isInteger(limit) || limit < 1) {
    throw new APIError(
      `limit must be a whole number of 1 or more (a page holds at most ${FEED_MAX_LIMIT})`,
      400,
    )
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

/**
 * The public face of an author next to their post: no contact details. Accounts are read
 * with access overridden (nobody else may read users), so their photos are read apart, as
 * the caller may see them: the photo's own hidden fields (who uploaded it) stay hidden.
 */
async function authorCards(posts: Post[], req: PayloadRequest) {
  const ids = [...new Set(posts.map((post) => relationId(post.author)))].filter(
    (id): id is number => id !== null,
  )
  if (ids.length === 0) {
    return new Map<number, unknown>()
  }
  const { docs } = await req.payload.find({
    collection: 'users',
    where: { id: { in: ids } },
    select: { firstName: true, tribeHandle: true, profilePhoto: true },
    depth: 0,
    limit: ids.length,
    pagination: false,
    overrideAccess: true,
    req,
  })
  const photoIds = [...new Set((docs as User[]).map((user) => relationId(user.profilePhoto)))]
  const photos = new Map<number, unknown>()
  const wanted = photoIds.filter((id): id is number => id !== null)
  if (wanted.length > 0) {
    const found = await req.payload.find({
      collection: 'media',
      where: { id: { in: wanted } },
      depth: 0,
      limit: wanted.length,
      pagination: false,
      overrideAccess: false,
      req,
    })
    for (const photo of found.docs) {
      photos.set(photo.id as number, photo)
    }
  }
  return new Map(
    (docs as User[]).map((user) => [
      user.id,
      {
        id: user.id,
        firstName: user.firstName ?? null,
        tribeHandle: user.tribeHandle ?? null,
        profilePhoto: photos.get(relationId(user.profilePhoto) ?? 0) ?? null,
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
