import { s3Storage, type S3StorageOptions } from '@payloadcms/storage-s3'
import type { Plugin } from 'payload'

import type { Env } from '@/config/env'

/**
 * Where uploads live. With S3_BUCKET set, every media file (and its resized copies) goes
 * to that bucket, so any instance can serve any file and instances keep no state on
 * disk; without it, files stay in MEDIA_DIR on the instance (one instance, or a shared
 * volume). Credentials are optional: without keys the AWS SDK finds its own (instance role).
 */
export function s3StorageOptions(s3: Env['s3']): S3StorageOptions {
  return {
    enabled: Boolean(s3.bucket),
    // The storage fields (`prefix`, `_objectKey`) exist whether S3 is on or not, so switching
    // it on or off is configuration only, never a migration.
    alwaysInsertFields: true,
    bucket: s3.bucket ?? '',
    // An empty prefix still declares the `prefix` column, as the disabled plugin does.
    collections: { media: { prefix: '' } },
    config: {
      region: s3.region,
      ...(s3.endpoint ? { endpoint: s3.endpoint } : {}),
      forcePathStyle: s3.forcePathStyle,
      ...(s3.accessKeyId && s3.secretAccessKey
        ? { credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey } }
        : {}),
    },
  }
}

export function mediaStoragePlugins(s3: Env['s3']): Plugin[] {
  return [s3Storage(s3StorageOptions(s3))]
}
