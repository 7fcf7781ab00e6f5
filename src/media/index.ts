import { Media } from './Media'

export { Media }
export { mediaStoragePlugins, s3StorageOptions } from './storage'

export const mediaCollections = [Media]
