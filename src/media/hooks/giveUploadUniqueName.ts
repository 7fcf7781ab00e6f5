import { randomBytes } from 'node:crypto'

import { APIError, type CollectionBeforeOperationHook } from 'payload'

/**
 * The longest file name we take, in UTF-8 bytes. Stored names gain an 11-byte suffix and the
 * resized copies `-<width>x<height>.webp` on top; file systems stop at 255 bytes, so a longer
 * name would fail half-way through writing the files.
 */
export const MAX_UPLOAD_NAME_BYTES = 200

const SUFFIX_BYTES = 5

/** `IMG 001.jpeg` → `IMG 001-3fa9c2d10b.jpeg`; the part after the last dot stays the extension. */
function withRandomSuffix(name: string): string {
  const dot = name.lastIndexOf('.')
  const hasExtension = dot > 0 && dot < name.length - 1
  const stem = hasExtension ? name.slice(0, dot) : name
  const extension = hasExtension ? name.slice(dot) : ''
  return `${stem}-${randomBytes(SUFFIX_BYTES).toString('hex')}${extension}`
}

/**
 * Every stored file gets a name no other upload can be choosing at the same moment. Payload
 * picks a free name by looking at the rows and the folder, then inserts under a unique index:
 * phones call most pictures `image.jpg`, and uploads arriving together would all pick the
 * same name and all but one fail. A random suffix makes them distinct before that lookup.
 */
export const giveUploadUniqueName: CollectionBeforeOperationHook = ({ args, operation, req }) => {
  const file = req.file
  if ((operation !== 'create' && operation !== 'update') || !file) {
    return args
  }

  // Clients may send a path; only its last part is a name. Control characters go: a NUL
  // reached PostgreSQL as an invalid byte of the row, a 500 (review round 35).
  const name =
    file.name
      .replace(/[\u0000-\u001f\u007f]/g, '')
      .split(/[\\/]/)
      .pop() || 'upload'
  if (Buffer.byteLength(name) > MAX_UPLOAD_NAME_BYTES) {
    throw new APIError(
      `The file name is too long: at most ${MAX_UPLOAD_NAME_BYTES} bytes are accepted`,
      400,
      undefined,
      true,
    )
  }
  file.name = withRandomSuffix(name)
  return args
}
