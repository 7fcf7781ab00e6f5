import { readFile } from 'node:fs/promises'

import { APIError, type CollectionBeforeOperationHook } from 'payload'
import sharp from 'sharp'

import { fileKind } from '../fileKind'

export const GPX_MIME_TYPE = 'application/gpx+xml'

const looksLikeGpx = (name: string, mimetype: string) =>
  /\.gpx$/i.test(name) || mimetype === GPX_MIME_TYPE

/** The extensions each accepted kind may be stored under; the first is given when none fits. */
const EXTENSIONS = {
  gpx: ['.gpx'],
  jpeg: ['.jpg', '.jpeg'],
  png: ['.png'],
  webp: ['.webp'],
} as const

/**
 * The stored name ends in its kind's extension: Payload serves a file by its bytes and falls
 * back to the extension, so a "GPX" named `page.html` would come back as `text/html`.
 */
function nameForKind(name: string, kind: keyof typeof EXTENSIONS): string {
  const allowed: readonly string[] = EXTENSIONS[kind]
  const extension = /\.[^./\\]*$/.exec(name)?.[0]?.toLowerCase() ?? ''
  if (allowed.includes(extension)) {
    return name
  }
  const base = extension ? name.slice(0, -extension.length) : name
  return `${base || 'upload'}${allowed[0]}`
}

/**
 * Decoding costs by pixels, not bytes: a 31 KB one-colour PNG of 16000 × 16000 pixels took
 * seconds of CPU and 160 MB per upload (round 14). 120 megapixels admits a phone's 108 MP
 * mode; every frame of an animated picture counts.
 */
export const MAX_IMAGE_PIXELS = 120_000_000

/**
 * A picture's longer side may be at most this many times its shorter. The sizes are cropped
 * after scaling the whole picture to their width, so a strip 1 pixel wide and 1,500 tall (under
 * 200 bytes, far inside the pixel limit) was scaled to 768 × 1,152,000 pixels for the card, half
 * a minute of CPU per upload (review round 43); 20:1 is wider than any panorama a phone makes.
 */
export const MAX_ASPECT_RATIO = 20

/** Reads only the header, so the limits are checked before anything is decoded. */
async function refuseHugeImage(name: string, data: Buffer) {
  let size: { width?: number; height?: number; pages?: number }
  try {
    size = await sharp(data).metadata()
  } catch {
    throw new APIError(`${name} cannot be read as an image`, 400, undefined, true)
  }
  const pixels = (size.width ?? 0) * (size.height ?? 0) * (size.pages ?? 1)
  if (pixels > MAX_IMAGE_PIXELS) {
    throw new APIError(
      `${name} is ${size.width} × ${size.height} pixels${(size.pages ?? 1) > 1 ? ` in ${size.pages} frames` : ''}: pictures may have at most ${MAX_IMAGE_PIXELS / 1_000_000} megapixels`,
      400,
      undefined,
      true,
    )
  }
  refuseExtremeShape(name, size.width ?? 0, size.height ?? 0)
}

/** Refuses a picture (or a crop of one) whose longer side is past MAX_ASPECT_RATIO × its shorter. */
export function refuseExtremeShape(name: string, width: number, height: number) {
  const longer = Math.max(width, height)
  const shorter = Math.min(width, height)
  if (longer > 0 && (shorter < 1 || longer / shorter > MAX_ASPECT_RATIO)) {
    throw new APIError(
      `${name} is ${width} × ${height} pixels: a picture's longer side may be at most ${MAX_ASPECT_RATIO} times its shorter`,
      400,
      undefined,
      true,
    )
  }
}

/**
 * Media holds photos (JPEG, PNG, WebP, resized by sharp) and GPX tracks, nothing else.
 * The bytes decide, not the file name or the type the client claims: a GPX must be XML
 * whose root element is <gpx>. Runs before Payload's own type check so the client gets
 * a message it can show.
 */
export const acceptImagesAndGpx: CollectionBeforeOperationHook = async ({
  args,
  operation,
  req,
}) => {
  const file = req.file
  if (operation === 'create' && !file && !(args as { duplicateFromID?: unknown }).duplicateFromID) {
    // Without a file Payload would fetch `url` itself (or copy `filename` from the media
    // folder) before any check of ours sees the bytes.
    throw new APIError(
      'Attach the file itself: media cannot be created from a URL',
      400,
      undefined,
      true,
    )
  }
  if ((operation !== 'create' && operation !== 'update') || !file) {
    return args
  }

  // With `upload.useTempFiles` the bytes wait on disk instead of in memory.
  const data = file.data?.length
    ? file.data
    : file.tempFilePath
      ? await readFile(file.tempFilePath)
      : null
  const kind = data ? fileKind(data) : 'other'
  if (kind === 'gpx') {
    // Stored with the GPX type so clients and `filterOptions` can tell tracks from photos.
    file.mimetype = GPX_MIME_TYPE
    file.name = nameForKind(file.name, kind)
    return args
  }
  if (kind === 'jpeg' || kind === 'png' || kind === 'webp') {
    await refuseHugeImage(file.name, data!)
    file.name = nameForKind(file.name, kind)
    // The type the bytes show, not the one the client declared (`image/jpg`, none at all): the
    // hooks after this one, and the stored record, read it (review round 24).
    file.mimetype = `image/${kind}`
    return args
  }
  if (looksLikeGpx(file.name, file.mimetype)) {
    throw new APIError(
      `${file.name} is not a GPX track: a GPX file is XML with a <gpx> root element`,
      400,
      undefined,
      true,
    )
  }
  throw new APIError(
    `${file.name} cannot be uploaded: only JPEG, PNG or WebP images and GPX tracks are accepted`,
    400,
    undefined,
    true,
  )
}
