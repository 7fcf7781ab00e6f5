import { stat } from 'node:fs/promises'
import path from 'node:path'

import { headersWithCors, type UploadConfig } from 'payload'

import { env } from '@/config/env'

type FileHandler = NonNullable<UploadConfig['handlers']>[number]

/**
 * `GET /api/media/file/<name>` for a name that is not on disk: 404, as for any document that
 * does not exist. Payload's own fallback answers 500 and logs an error, so anyone could fill
 * the error log and the 5xx rate that pages the on-call. Only for files on local disk: with
 * S3 configured the storage plugin answers from the bucket.
 */
export const answerMissingFileWithNotFound: FileHandler = (req, { params }) => {
  const directory = path.resolve(env.mediaDir)
  const filePath = path.resolve(directory, params.filename)
  if (!filePath.startsWith(directory + path.sep)) {
    return // Payload refuses it with 400
  }
  const notFound = () =>
    Response.json(
      { errors: [{ message: 'Not Found' }] },
      { status: 404, headers: headersWithCors({ headers: new Headers(), req }) },
    )
  // Resolving to nothing lets Payload serve the file; Payload's type has no union for it.
  return stat(filePath).then(() => undefined, notFound) as unknown as Promise<Response>
}
