import type { Access, PayloadRequest } from 'payload'

import { hasRole, isStaff, type AuthUser } from '@/access/roles'
import { queryRows, sql } from '@/shared/sql'

/** Changing or removing a stored file is for the people who curate the catalog. */
export const canEditMedia: Access = ({ req }) =>
  hasRole(req.user as AuthUser, 'super_admin', 'ops_manager', 'content')

/**
 * Pictures that appear only in posts moderators have hid. Media has no uploader or visibility
 * of its own, so this reads the posts that use it; a picture stays public while a published
 * post, a trek, a guide or a badge still shows it. The author of a hidden post keeps seeing
 * its pictures, as they keep seeing the post.
 */
async function picturesOfHiddenPostsOnly(req: PayloadRequest, viewerId: number | string | null) {
  const rows = await queryRows<{ id: number }>(
    req,
    sql`
      select distinct r.media_id as id
      from posts_rels r
      join posts p on p.id = r.parent_id
      where r.path = 'media' and r.media_id is not null and p.status = 'hidden'
        and not exists (
          select 1 from posts_rels shown join posts sp on sp.id = shown.parent_id
          where shown.path = 'media' and shown.media_id = r.media_id
            and (sp.status = 'published' or sp.author_id = ${viewerId})
        )
        and not exists (
          select 1 from treks t where t.hero_image_id = r.media_id or t.gpx_file_id = r.media_id
        )
        and not exists (select 1 from guides g where g.photo_id = r.media_id)
        and not exists (select 1 from badges b where b.icon_id = r.media_id)
    `,
  )
  return rows.map((row) => row.id)
}

// Access runs again for every populated upload of a response; one lookup per request is enough.
const withheldByRequest = new WeakMap<PayloadRequest, Promise<number[]>>()

/**
 * Anyone reads media (catalog pictures, tracks, post pictures) except pictures withheld by
 * moderation; staff who curate or moderate (every role but guide) read everything.
 */
export const readMedia: Access = async ({ req }) => {
  const user = req.user as AuthUser
  if (isStaff(user) && !hasRole(user, 'guide')) {
    return true
  }

  let withheld = withheldByRequest.get(req)
  if (!withheld) {
    withheld = picturesOfHiddenPostsOnly(req, user?.id ?? null)
    withheldByRequest.set(req, withheld)
  }
  const ids = await withheld
  return ids.length > 0 ? { id: { not_in: ids } } : true
}
