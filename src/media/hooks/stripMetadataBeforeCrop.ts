import type { CollectionBeforeOperationHook } from 'payload'
import sharp from 'sharp'

import { fileKind } from '../fileKind'
import { refuseExtremeShape } from './acceptImagesAndGpx'

/** Pictures Payload passes through sharp (Media.ts's mimeTypes less GPX). */
const PICTURE_KINDS = new Set(['jpeg', 'png', 'webp'])

/**
 * An upload sent with a crop (`uploadEdits[crop]`, what the admin's "Edit image" sends, also
 * accepted in any upload's query string) is stored as Payload's crop of the uploaded bytes, not
 * as the re-encoded original `resizeOptions` makes: and a crop at the picture's own size stores
 * those bytes untouched, EXIF (a phone's GPS position, its owner's name) included (review round
 * 23). So such an upload's bytes are turned upright and re-encoded without metadata first
 * (sharp keeps none unless told), whatever the crop then does. The crop box was drawn on the
 * upright picture, as browsers show it, so it now matches what is cut.
 */
export const stripMetadataBeforeCrop: CollectionBeforeOperationHook = async ({
  args,
  operation,
  req,
}) => {
  const file = req.file
  const edits = req.query?.uploadEdits
  if (
    (operation !== 'create' && operation !== 'update') ||
    !file?.data?.length ||
    // The bytes decide, not the declared type: `image/jpg` skipped this (review round 24).
    !PICTURE_KINDS.has(fileKind(file.data)) ||
    !edits ||
    typeof edits !== 'object' ||
    !('crop' in edits)
  ) {
    return args
  }
  // The crop is what the sizes are made from: a crop 1 pixel wide cost as much as such a strip
  // uploaded (review round 43).
  const { widthInPixels, heightInPixels } = edits as Record<string, unknown>
  if (widthInPixels !== undefined || heightInPixels !== undefined) {
    refuseExtremeShape('The crop', Number(widthInPixels) || 0, Number(heightInPixels) || 0)
  }
  // `animated` keeps every frame of an animated WebP; a still picture has one.
  const data = await sharp(file.data, { animated: true }).rotate().toBuffer()
  file.data = data
  file.size = data.length
  return args
}
