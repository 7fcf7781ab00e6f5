import { Badges } from './Badges'

export const communityCollections = [Badges]
