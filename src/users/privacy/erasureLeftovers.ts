import type { CollectionSlug, Payload, PayloadRequest } from 'payload'

import { queryRows, sql, tableOfCollection } from '@/shared/sql'

import { phoneLimitKeys } from '../auth/otp'
import { authState } from '../auth/state'

/** What an erasure leaves to remove once its transaction has committed. */
export type ErasureLeftovers = {
  /** Uploads this person made that nothing else shows. */
  mediaIds: number[]
  /** Every number the account held or was proving, for OTP codes and counts kept under it. */
  phones: string[]
  /** Other counts kept under the account's addresses (password reset requests). */
  limitKeys: string[]
}

const idOf = (value: unknown): number | undefined => {
  const id = value && typeof value === 'object' ? (value as { id?: unknown }).id : value
  return typeof id === 'number' ? id : undefined
}

/** The uploads this person's profile photo and posts show, whoever uploaded them. */
export async function mediaShownBy(req: PayloadRequest, userId: number): Promise<number[]> {
  const { payload } = req
  const user = await payload.db.findOne<{ id: number; profilePhoto?: unknown }>({
    collection: 'users',
    where: { id: { equals: userId } },
    req,
  })
  const posts = await payload.db.find({
    collection: 'posts',
    where: { author: { equals: userId } },
    pagination: false,
    req,
  })
  const ids = [
    idOf(user?.profilePhoto),
    ...posts.docs.flatMap((post) =>
      (((post as { media?: unknown[] }).media ?? []) as unknown[]).map(idOf),
    ),
  ]
  return [...new Set(ids.filter((id): id is number => id !== undefined))]
}

/**
 * The uploads this person made (media records its uploader). A picture they merely pointed
 * at, a catalog picture as their profile photo or a friend's photo in their post, is not
 * theirs to take with them.
 */
export async function uploadsOf(
  req: PayloadRequest,
  userId: number,
  { catalog = true }: { catalog?: boolean } = {},
): Promise<number[]> {
  const uploads = await req.payload.db.find({
    collection: 'media',
    where: {
      and: [
        { uploadedBy: { equals: userId } },
        ...(catalog ? [] : [{ visibility: { not_equals: 'catalog' } }]),
      ],
    },
    pagination: false,
    req,
  })
  return uploads.docs.map((doc) => doc.id as number)
}

/**
 * Of `mediaIds`, those some other row still points at: a trekker may have put a catalog
 * picture or another trekker's photo in a post, and those stay. Every top-level upload or
 * relationship to media in every collection is asked, so a new such field is covered too, and
 * every top-level rich-text field's `upload` nodes (a picture in a post's text: review round 38).
 */
export async function stillUsedMedia(req: PayloadRequest, mediaIds: number[]) {
  const used = new Set<number>()
  if (mediaIds.length === 0) {
    return used
  }
  for (const collection of req.payload.config.collections) {
    const fields = collection.flattenedFields.filter(
      (field) =>
        (field.type === 'upload' || field.type === 'relationship') && field.relationTo === 'media',
    )
    for (const field of fields) {
      const { docs } = await req.payload.db.find({
        collection: collection.slug as CollectionSlug,
        where: { [field.name]: { in: mediaIds } },
        pagination: false,
        req,
      })
      for (const doc of docs) {
        const value = (doc as Record<string, unknown>)[field.name]
        for (const item of Array.isArray(value) ? value : [value]) {
          const id = idOf(item)
          if (id !== undefined && mediaIds.includes(id)) {
            used.add(id)
          }
        }
      }
    }
  }
  for (const id of await uploadsInRichTextFields(req, mediaIds)) {
    used.add(id)
  }
  return used
}

/** Of `mediaIds`, those an `upload` node in any collection's top-level rich text shows. */
async function uploadsInRichTextFields(req: PayloadRequest, mediaIds: number[]) {
  const found: number[] = []
  for (const collection of req.payload.config.collections) {
    for (const field of collection.flattenedFields.filter((f) => f.type === 'richText')) {
      const table = sql.identifier(tableOfCollection(collection.slug))
      const column = sql.identifier(toSnakeCase(field.name))
      const rows = await queryRows<{ id: string | null }>(
        req,
        sql`select distinct coalesce(v ->> 'id', v #>> '{}') as id
            from ${table}, jsonb_path_query(${column}, '$.** ? (@.type == "upload").value') v
            where ${column} @? '$.** ? (@.type == "upload")'`,
      )
      found.push(...rows.map((row) => Number(row.id)).filter((id) => mediaIds.includes(id)))
    }
  }
  return found
}

const toSnakeCase = (name: string) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)

/**
 * Runs after the erasure committed: deleting an upload removes its files (every size) from
 * disk or the bucket, which no rollback could bring back; Redis is outside the transaction.
 * A failure here is logged and leaves the account erased; the files are then orphans with
 * nothing pointing at them.
 */
export async function removeErasureLeftovers(payload: Payload, leftovers: ErasureLeftovers) {
  const limitKeys = [...leftovers.phones.flatMap(phoneLimitKeys), ...leftovers.limitKeys]
  try {
    await authState(payload).forget(leftovers.phones, limitKeys)
  } catch (err) {
    payload.logger.error({ err, msg: 'Erasure: sign-in state of the erased phones not removed' })
  }
  if (leftovers.mediaIds.length === 0) {
    return
  }
  try {
    const { errors } = await payload.delete({
      collection: 'media',
      where: { id: { in: leftovers.mediaIds } },
      overrideAccess: true,
    })
    if (errors.length > 0) {
      payload.logger.error({ msg: 'Erasure: some uploads not removed', errors })
    }
  } catch (err) {
    payload.logger.error({ err, msg: 'Erasure: uploads not removed', mediaIds: leftovers.mediaIds })
  }
}
