import { s3Storage, type S3StorageOptions } from '@payloadcms/storage-s3'
import type { Plugin } from 'payload'

import type { Env } from '@/config/env'

/**
 * Where uploads live. With S3_BUCKET set, every media file (and its resized copies) goes
 * to that bucket, so any instance can serve any file and instances keep no state on
 * disk; without it, files stay in MEDIA_DIR on the instance (one instance, or a shared
 * volume). Credentials are optional: without keys the AWS SDK finds its own (instance role).
 */
export function s3StorageOptions(s3: Env['s3']): S3StorageOptions | null {
  if (!s3.bucket) {
    return null
  }
  return {
    bucket: s3.bucket,
    collections: { media: true },
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
  const options = s3StorageOptions(s3)
  return options ? [s3Storage(options)] : []
}
