import type { CollectionConfig } from 'payload'

import { signedIn } from '@/access/predicates'
import { env } from '@/config/env'

import { acceptImagesAndGpx, GPX_MIME_TYPE } from './hooks/acceptImagesAndGpx'
import { giveUploadUniqueName } from './hooks/giveUploadUniqueName'
import {
  forgetNewFiles,
  rememberNewFiles,
  removeFilesOfFailedWrite,
} from './hooks/removeFilesOfFailedWrite'
import { canEditMedia, readMedia } from './access'
import { answerMissingFileWithNotFound } from './missingFileIsNotFound'

/** Image sizes the apps ask for: list thumbnails, cards, and full-width heroes. */
export const Media: CollectionConfig = {
  slug: 'media',
  labels: { singular: 'Media', plural: 'Media' },
  admin: {
    group: 'Content',
    defaultColumns: ['filename', 'alt', 'mimeType', 'updatedAt'],
    listSearchableFields: ['filename', 'alt'],
  },
  access: {
    read: readMedia,
    // Trekkers upload profile photos and post pictures; the catalog team curates.
    create: signedIn,
    update: canEditMedia,
    delete: canEditMedia,
  },
  hooks: {
    beforeOperation: [acceptImagesAndGpx, giveUploadUniqueName],
    // Last, so the names it notes are the ones Payload is about to write.
    beforeValidate: [rememberNewFiles],
    afterOperation: [forgetNewFiles],
    afterError: [removeFilesOfFailedWrite],
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
    imageSizes: [
      {
        name: 'thumbnail',
        width: 320,
        height: 320,
        position: 'centre',
        formatOptions: { format: 'webp', options: { quality: 75 } },
      },
      {
        name: 'card',
        width: 768,
        height: 512,
        position: 'centre',
        formatOptions: { format: 'webp', options: { quality: 80 } },
      },
      {
        name: 'hero',
        width: 1600,
        withoutEnlargement: true,
        formatOptions: { format: 'webp', options: { quality: 82 } },
      },
    ],
    adminThumbnail: 'thumbnail',
    focalPoint: true,
  },
  fields: [{ name: 'alt', type: 'text', maxLength: 300 }],
}
