import type { Access, FieldAccess, Where } from 'payload'

import { hasRole, isTrekker, type AuthUser } from '@/access/roles'
import { relationId } from '@/shared/relationId'

/** Content editors and support moderate the community: they hide and restore posts. */
export const isModerator = (user: AuthUser) => hasRole(user, 'super_admin', 'content', 'cs')

/** Trekkers and guides write their own posts; ops and finance have no special rights here. */
export const canWritePosts = (user: AuthUser) =>
  isTrekker(user) || hasRole(user, 'guide', 'super_admin')

const authorIdOf = (doc: unknown) => relationId((doc as { author?: unknown } | undefined)?.author)

export const isAuthorOf = (user: AuthUser, doc: unknown) =>
  Boolean(user) && doc !== undefined && String(authorIdOf(doc)) === String(user!.id)

/** Published posts for everyone; hidden ones only for their author and moderators. */
export const readPosts: Access = ({ req }) => {
  const user = req.user as AuthUser
  if (isModerator(user)) {
    return true
  }
  if (!user) {
    return { status: { equals: 'published' } }
  }
  return { or: [{ status: { equals: 'published' } }, { author: { equals: user.id } }] } as Where
}

export const createPosts: Access = ({ req }) => canWritePosts(req.user as AuthUser)

/** Authors edit their own; moderators reach every post, but only its moderation fields. */
export const updatePosts: Access = ({ req }) => {
  const user = req.user as AuthUser
  if (isModerator(user)) {
    return true
  }
  return canWritePosts(user) ? ({ author: { equals: user!.id } } as Where) : false
}

export const deletePosts: Access = ({ req }) => {
  const user = req.user as AuthUser
  if (hasRole(user, 'super_admin')) {
    return true
  }
  return canWritePosts(user) ? ({ author: { equals: user!.id } } as Where) : false
}

/** What an author wrote stays theirs: moderators hide a post, they do not rewrite it. */
export const authorWrites: FieldAccess = ({ req, doc }) => {
  const user = req.user as AuthUser
  return !doc || isAuthorOf(user, doc) || hasRole(user, 'super_admin')
}

export const moderatorWrites: FieldAccess = ({ req }) => isModerator(req.user as AuthUser)

/** Why a post was hidden: its author and moderators may know, nobody else. */
export const authorOrModeratorReads: FieldAccess = ({ req, doc }) => {
  const user = req.user as AuthUser
  return isModerator(user) || isAuthorOf(user, doc)
}
