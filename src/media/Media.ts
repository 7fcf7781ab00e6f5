import type { CollectionConfig, FieldAccess } from 'payload'

import type { AuthUser } from '@/access/roles'

import { signedIn } from '@/access/predicates'
import { env } from '@/config/env'
import { preventLostUpdates } from '@/db/noLostUpdates'
import { relationId } from '@/shared/relationId'
import { refuseWritesForErasedAccount } from '@/users/privacy/refuseWritesForErasedAccount'

import { acceptImagesAndGpx, GPX_MIME_TYPE } from './hooks/acceptImagesAndGpx'
import { focalPointInPicture } from './hooks/focalPointInPicture'
import { giveUploadUniqueName } from './hooks/giveUploadUniqueName'
import {
  giveBackReplacedFiles,
  keepFilesUntilReplaced,
  letReplacedFilesGo,
} from './hooks/keepReplacedFiles'
import {
  forgetNewFiles,
  rememberNewFiles,
  removeFilesOfFailedWrite,
} from './hooks/removeFilesOfFailedWrite'
import { limitMemberUploads } from './hooks/limitMemberUploads'
import { recordUploader } from './hooks/recordUploader'
import { stripMetadataBeforeCrop } from './hooks/stripMetadataBeforeCrop'
import { canChangeMedia, canEditMedia, readMedia, seesAllMedia } from './access'
import { IMAGE_SIZES } from './imageSizes'
import { answerMissingFileWithNotFound } from './missingFileIsNotFound'
import { MEDIA_VISIBILITIES } from './visibility'

/**
 * `visibility` is recomputed under the row lock when a post, profile, trek, guide or badge
 * changes; an edit of the picture (an alt text) must not write back a copy read before that.
 */
const noLostMediaUpdates = preventLostUpdates('media')

const serverMaintained = { create: () => false, update: () => false }

/** Who uploaded what is for staff and the uploader; it would tie catalog files to staff. */
const uploaderOrStaffReads: FieldAccess = ({ req, doc }) => {
  const user = req.user as AuthUser
  return (
    seesAllMedia(user) ||
    (Boolean(user) && doc !== undefined && relationId(doc.uploadedBy) === Number(user!.id))
  )
}

export const Media: CollectionConfig = {
  slug: 'media',
  labels: { singular: 'Media', plural: 'Media' },
  // Payload's duplicate copies from a `url` the request names: the server would fetch it.
  disableDuplicate: true,
  admin: {
    group: 'Content',
    defaultColumns: ['filename', 'alt', 'mimeType', 'updatedAt'],
    listSearchableFields: ['filename', 'alt'],
  },
  access: {
    read: readMedia,
    // Trekkers upload profile photos and post pictures; the catalog team curates.
    create: signedIn,
    update: canChangeMedia,
    delete: canEditMedia,
  },
  hooks: {
    beforeOperation: [
      noLostMediaUpdates.lockBeforeRead,
      limitMemberUploads,
      acceptImagesAndGpx,
      focalPointInPicture,
      giveUploadUniqueName,
      stripMetadataBeforeCrop,
      // Last: the old files are kept only once every earlier check let the replacement in.
      keepFilesUntilReplaced,
    ],
    // Last, so the names it notes are the ones Payload is about to write.
    beforeValidate: [rememberNewFiles],
    beforeChange: [
      noLostMediaUpdates.refuseStaleWrite,
      recordUploader,
      refuseWritesForErasedAccount('uploadedBy'),
    ],
    afterOperation: [forgetNewFiles, letReplacedFilesGo],
    // The new files go first: a replacement under the same name gets the old bytes back after.
    afterError: [removeFilesOfFailedWrite, giveBackReplacedFiles],
  },
  upload: {
    staticDir: env.mediaDir,
    // No fetching of files by URL, in the admin or on the server: only uploaded bytes.
    pasteURL: false,
    handlers: env.s3.bucket ? [] : [answerMissingFileWithNotFound],
    // Passing the original photo through sharp drops what the phone wrote into it (EXIF: GPS
    // position, device) after turning it upright; very large photos come down to 6000 px.
    resizeOptions: { width: 6000, height: 6000, fit: 'inside', withoutEnlargement: true },
    // Payload detects XML by its bytes; the hook has already proved such a file is GPX.
    mimeTypes: ['image/jpeg', 'image/png', 'image/webp', GPX_MIME_TYPE, 'application/xml'],
    imageSizes: IMAGE_SIZES,
    adminThumbnail: 'thumbnail',
    focalPoint: true,
  },
  fields: [
    { name: 'alt', type: 'text', maxLength: 300 },
    {
      name: 'visibility',
      type: 'select',
      options: [...MEDIA_VISIBILITIES],
      defaultValue: 'catalog',
      index: true,
      access: serverMaintained,
      admin: {
        position: 'sidebar',
        readOnly: true,
        description:
          'Catalog uploads are public; a member’s upload is public only while a published post, their post’s author photo, a trek, an active guide or a badge shows it',
      },
    },
    {
      name: 'uploadedBy',
      type: 'relationship',
      relationTo: 'users',
      index: true,
      access: { ...serverMaintained, read: uploaderOrStaffReads },
      admin: { position: 'sidebar', readOnly: true },
    },
  ],
}
