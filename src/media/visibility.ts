import type { CollectionAfterChangeHook, CollectionAfterDeleteHook, PayloadRequest } from 'payload'

import { hasRole, type AuthUser } from '@/access/roles'
import { relationId } from '@/shared/relationId'
import { queryRows, sql } from '@/shared/sql'

import { uploadsInRichText } from './ownUploadOnly'

/**
 * Who may see an upload:
 * - `catalog`: uploaded by the people who curate the catalog (or by the server); public.
 * - `public`: a member's upload that something public shows: their own published post, the
 *   profile photo next to such a post in the feed, a trek, an active guide or a badge.
 * - `private`: any other member's upload (a profile photo of someone who never posted, a
 *   picture of a hidden post, one not used yet): only its uploader and staff see it.
 */
export const MEDIA_VISIBILITIES = ['catalog', 'public', 'private'] as const
export type MediaVisibility = (typeof MEDIA_VISIBILITIES)[number]

/** Roles whose uploads are catalog material from the start. */
export const CATALOG_UPLOADERS = ['super_admin', 'ops_manager', 'content'] as const

export const visibilityOfNewUpload = (user: AuthUser): MediaVisibility =>
  !user || hasRole(user, ...CATALOG_UPLOADERS) ? 'catalog' : 'private'

/**
 * Sets `public` or `private` on the given member uploads from what shows them right now.
 * Runs in the request's transaction, after the write that changed what shows them, so a
 * picture never stays public after its last public use is gone (nor the reverse).
 */
export async function refreshMediaVisibility(req: PayloadRequest, mediaIds: number[]) {
  const ids = [...new Set(mediaIds)].sort((a, b) => a - b)
  if (ids.length === 0) {
    return
  }
  const idList = sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  )
  // Two requests withdrawing the same picture at once (a hide and a delete) would each still
  // see the other's post as published. Taking the rows' locks first (in id order, so two
  // refreshes never deadlock) makes the second wait, and its next statement sees what the
  // first committed.
  await queryRows(req, sql`select id from media where id in (${idList}) order by id for update`)
  // Only the uploader's own posts count: a post shows no other member's upload (see
  // ownUploadOnly.ts), and one written before that rule cannot keep a withdrawn picture public.
  await queryRows(
    req,
    sql`
      with computed as (
        select m.id, case when
          exists (
            select 1 from posts_rels r join posts p on p.id = r.parent_id
            where r.path = 'media' and r.media_id = m.id and p.status = 'published'
              and p.author_id = m.uploaded_by_id
          )
          or exists (
            -- A picture in the text of the post (an upload node), as ownBodyUploads lets a
            -- member place their own (review round 29: those stayed private to every reader).
            select 1 from posts p
            where p.author_id = m.uploaded_by_id and p.status = 'published'
              and jsonb_path_exists(
                p.body,
                '$.** ? (@.type == "upload" && (@.value == $id || @.value == $text || @.value.id == $id))',
                jsonb_build_object('id', m.id, 'text', m.id::text)
              )
          )
          or exists (
            select 1 from users u join posts p on p.author_id = u.id
            where u.profile_photo_id = m.id and u.id = m.uploaded_by_id
              and p.status = 'published'
          )
          or exists (select 1 from treks t where t.hero_image_id = m.id or t.gpx_file_id = m.id)
          or exists (select 1 from guides g where g.photo_id = m.id and g.is_active)
          or exists (select 1 from badges b where b.icon_id = m.id)
        then 'public'::enum_media_visibility else 'private'::enum_media_visibility end as visibility
        from media m
        where m.id in (${idList}) and m.visibility <> 'catalog'
      )
      update media set visibility = computed.visibility, updated_at = now()
      from computed
      where media.id = computed.id and media.visibility <> computed.visibility
    `,
  )
  // No catalog cache to invalidate: /api/media is never cached, and the treks and guides
  // whose cached answers embed uploads mark the catalog changed when they change.
}

type Row = Record<string, unknown>

const idsIn = (value: unknown): number[] =>
  (Array.isArray(value) ? value : [value]).map(relationId).filter((id): id is number => id !== null)

/** The uploads a document shows through the named fields, and any extra ones it implies. */
type ShownMedia = (doc: Row, req: PayloadRequest) => Promise<number[]> | number[]

const fromFields =
  (fields: string[]): ShownMedia =>
  (doc) =>
    fields.flatMap((field) => idsIn(doc[field]))

/**
 * afterChange and afterDelete hooks for a collection whose documents show uploads: the
 * uploads the document showed before and shows now get their visibility recomputed.
 */
export function keepMediaVisibilityFresh(shown: ShownMedia | string[]) {
  const mediaOf = Array.isArray(shown) ? fromFields(shown) : shown
  const afterChange: CollectionAfterChangeHook = async ({ doc, previousDoc, req }) => {
    const ids = [
      ...(await mediaOf(doc as Row, req)),
      ...(previousDoc ? await mediaOf(previousDoc as Row, req) : []),
    ]
    await refreshMediaVisibility(req, ids)
    return doc
  }
  const afterDelete: CollectionAfterDeleteHook = async ({ doc, req }) => {
    await refreshMediaVisibility(req, await mediaOf(doc as Row, req))
    return doc
  }
  return { afterChange, afterDelete }
}

/** A post shows its pictures, those in its text, and, in the feed, its author's profile photo. */
export const mediaShownByPost: ShownMedia = async (post, req) => {
  const authorId = relationId(post.author)
  const ids = [...idsIn(post.media), ...uploadsInRichText(post.body)]
  if (authorId === null) {
    return ids
  }
  const rows = await queryRows<{ photo: number | null }>(
    req,
    sql`select profile_photo_id as photo from users where id = ${authorId}`,
  )
  return [...ids, ...rows.flatMap((row) => (row.photo === null ? [] : [row.photo]))]
}
