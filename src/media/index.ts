import { Media } from './Media'

export const mediaCollections = [Media]
