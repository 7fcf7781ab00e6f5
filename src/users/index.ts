import { Users } from './Users'

export { higherTier, tierForPoints, TRIBE_TIERS, type TribeTier } from './tiers'

export const userCollections = [Users]
