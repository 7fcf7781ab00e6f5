import { describe, expect, it } from '@jest/globals'
import type { CollectionConfig, Config } from 'payload'

import { loadEnv } from '@/config/env'
import { Media, mediaStoragePlugins, s3StorageOptions } from '@/media'

const s3Env = {
  S3_BUCKET: 'obs-media',
  S3_REGION: 'ap-south-1',
  S3_ENDPOINT: 'http://127.0.0.1:9000',
  S3_FORCE_PATH_STYLE: 'true',
  S3_ACCESS_KEY_ID: 'test-key',
  S3_SECRET_ACCESS_KEY: 'test-secret',
}

async function mediaWith(env: Record<string, string>): Promise<CollectionConfig> {
  const [plugin] = mediaStoragePlugins(loadEnv({ NODE_ENV: 'test', ...env }).s3)
  const config = (await plugin({ collections: [Media] } as Config)) as Config
  return config.collections!.find((collection) => collection.slug === 'media')!
}

const fieldNames = (collection: CollectionConfig) =>
  collection.fields.map((field) => ('name' in field ? field.name : field.type)).sort()

const storesLocally = (collection: CollectionConfig) =>
  !(typeof collection.upload === 'object' && collection.upload.disableLocalStorage)

/** Nothing here talks to S3: the plugin only rewrites the config it is given. */
describe('uploads go to S3 when S3_BUCKET is set', () => {
  it('keep files on local disk without S3_BUCKET', async () => {
    expect(s3StorageOptions(loadEnv({ NODE_ENV: 'test' }).s3).enabled).toBe(false)
    expect(storesLocally(await mediaWith({}))).toBe(true)
  })

  it('hand the media collection to the S3 adapter with the configured bucket and endpoint', async () => {
    expect(s3StorageOptions(loadEnv({ NODE_ENV: 'test', ...s3Env }).s3)).toMatchObject({
      enabled: true,
      bucket: 'obs-media',
      collections: { media: { prefix: '' } },
      config: {
        region: 'ap-south-1',
        endpoint: 'http://127.0.0.1:9000',
        forcePathStyle: true,
        credentials: { accessKeyId: 'test-key', secretAccessKey: 'test-secret' },
      },
    })
    expect(storesLocally(await mediaWith(s3Env))).toBe(false)
  })

  it('keep the same media columns either way, so switching needs no migration', async () => {
    expect(fieldNames(await mediaWith(s3Env))).toEqual(fieldNames(await mediaWith({})))
  })

  it('leave credentials to the SDK without keys, and refuse half a key pair', () => {
    const { S3_ACCESS_KEY_ID: _id, S3_SECRET_ACCESS_KEY: _secret, ...noKeys } = s3Env
    expect(s3StorageOptions(loadEnv({ NODE_ENV: 'test', ...noKeys }).s3).config).not.toHaveProperty(
      'credentials',
    )
    expect(() => loadEnv({ NODE_ENV: 'test', ...noKeys, S3_ACCESS_KEY_ID: 'only-the-id' })).toThrow(
      'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together',
    )
  })
})
