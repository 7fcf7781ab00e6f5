import type { CollectionConfig } from 'payload'

import { hiddenUnless } from '@/access/predicates'
import { preventLostUpdates } from '@/db/noLostUpdates'
import { refuseWritesForErasedAccount } from '@/users/privacy/refuseWritesForErasedAccount'
import { attachableMedia } from '@/media/access'
import { uploadsInRichText, uploadsMustBeTheirs } from '@/media/ownUploadOnly'
import { keepMediaVisibilityFresh, mediaShownByPost } from '@/media/visibility'

import {
  authorOrModeratorReads,
  authorWrites,
  createPosts,
  deletePosts,
  moderatorWrites,
  readPosts,
  updatePosts,
} from './access'
import { keepSomethingToShow, refuseUnsafePostBody } from './bodyLimits'
import { postBodyEditor } from './bodyEditor'
import { feedEndpoint } from './feedEndpoint'
import { applyModeration, evaluateAuthorBadges, fillAuthor, linkJournalToTrip } from './hooks'
import { giveBackRefusedPost, limitMemberPosts } from './limitMemberPosts'
import { readableTrek, readableTrekOptions } from './readableTrek'
import { NOT_COPIED } from '@/shared/notCopied'
import { relationId } from '@/shared/relationId'
import { lockRow, queryRows, sql } from '@/shared/sql'

export const POST_KINDS = ['feed', 'journal'] as const
export const POST_STATUSES = ['published', 'hidden'] as const

const serverOnly = { create: () => false, update: () => false }

/**
 * Feed posts and trip journal entries. Authors write their own; moderators (content, cs)
 * hide a post with a reason, after which only its author and moderators see it.
 */
const mediaVisibility = keepMediaVisibilityFresh(mediaShownByPost)

// A post shows its author's own uploads and catalog pictures, never another member's: the
// author alone decides when theirs go (hiding or deleting their post makes them private).
const authorOf = (post: Record<string, unknown>) => relationId(post.author)
const ownPostMedia = uploadsMustBeTheirs({
  collection: 'posts',
  field: 'media',
  ownerOf: authorOf,
  message: 'Choose pictures you uploaded yourself or catalog pictures',
})
const ownBodyUploads = uploadsMustBeTheirs({
  collection: 'posts',
  field: 'body',
  ownerOf: authorOf,
  message: 'Pictures in a post must be ones you uploaded yourself or catalog pictures',
  uploadsIn: uploadsInRichText,
})

/**
 * A moderator's hide and the author's edit of one post must not overwrite each other. The
 * author's account is locked first: a hide recomputes who sees the author's profile photo, and
 * a photo changed at that moment, judged against the post still published, stayed public with
 * no published post (review round 37). Erasure locks the account before the posts too.
 */
const noLostPostUpdates = preventLostUpdates('posts', async (req, id) => {
  const [post] = await queryRows<{ author_id: number | null }>(
    req,
    sql`select author_id from posts where id = ${Number(id)}`,
  )
  if (post?.author_id) {
    await lockRow(req, 'users', post.author_id)
  }
})

export const Posts: CollectionConfig = {
  slug: 'posts',
  ...NOT_COPIED,
  admin: {
    useAsTitle: 'id',
    defaultColumns: ['author', 'kind', 'trek', 'status', 'createdAt'],
    group: 'Community',
    hidden: hiddenUnless('content', 'cs', 'guide'),
  },
  defaultSort: '-createdAt',
  access: { read: readPosts, create: createPosts, update: updatePosts, delete: deletePosts },
  endpoints: [feedEndpoint],
  hooks: {
    // The body is judged before a post counts against its author's hourly cap; a post refused
    // later gives its count back.
    beforeOperation: [refuseUnsafePostBody, limitMemberPosts, noLostPostUpdates.lockBeforeRead],
    beforeChange: [
      noLostPostUpdates.refuseStaleWrite,
      keepSomethingToShow,
      fillAuthor,
      refuseWritesForErasedAccount('author'),
      ownPostMedia,
      ownBodyUploads,
      linkJournalToTrip,
      applyModeration,
    ],
    afterChange: [evaluateAuthorBadges, mediaVisibility.afterChange],
    afterDelete: [mediaVisibility.afterDelete],
    afterError: [giveBackRefusedPost],
  },
  fields: [
    {
      name: 'author',
      type: 'relationship',
      relationTo: 'users',
      required: true,
      index: true,
      access: serverOnly,
      admin: { readOnly: true, description: 'Whoever wrote it; set by the server' },
    },
    {
      name: 'kind',
      type: 'select',
      required: true,
      defaultValue: 'feed',
      options: [...POST_KINDS],
      access: { update: authorWrites },
    },
    {
      name: 'trek',
      type: 'relationship',
      relationTo: 'treks',
      index: true,
      filterOptions: readableTrekOptions,
      validate: readableTrek,
      access: { update: authorWrites },
    },
    {
      name: 'batch',
      type: 'relationship',
      relationTo: 'batches',
      index: true,
      access: { update: authorWrites },
    },
    {
      name: 'body',
      type: 'richText',
      required: true,
      editor: postBodyEditor,
      access: { update: authorWrites },
    },
    {
      name: 'media',
      type: 'upload',
      relationTo: 'media',
      hasMany: true,
      maxRows: 10,
      filterOptions: attachableMedia,
      access: { update: authorWrites },
    },
    {
      name: 'status',
      type: 'select',
      required: true,
      defaultValue: 'published',
      index: true,
      options: [...POST_STATUSES],
      access: { create: moderatorWrites, update: moderatorWrites },
      admin: { position: 'sidebar' },
    },
    {
      name: 'hiddenReason',
      type: 'textarea',
      maxLength: 1000,
      access: { read: authorOrModeratorReads, create: moderatorWrites, update: moderatorWrites },
      admin: { position: 'sidebar', description: 'Required to hide a post; shown to its author' },
    },
    {
      name: 'hiddenAt',
      type: 'date',
      access: { ...serverOnly, read: authorOrModeratorReads },
      admin: { readOnly: true, position: 'sidebar' },
    },
    {
      name: 'hiddenBy',
      type: 'relationship',
      relationTo: 'users',
      access: { ...serverOnly, read: authorOrModeratorReads },
      admin: { readOnly: true, position: 'sidebar' },
    },
  ],
}
