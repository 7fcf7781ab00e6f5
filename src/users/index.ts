import { AuthThrottles } from './auth/collections/AuthThrottles'
import { OtpChallenges } from './auth/collections/OtpChallenges'
import { RefreshTokens } from './auth/collections/RefreshTokens'
import { Users } from './Users'

export { higherTier, tierForPoints, TRIBE_TIERS, type TribeTier } from './tiers'

export const userCollections = [Users, RefreshTokens, OtpChallenges, AuthThrottles]
