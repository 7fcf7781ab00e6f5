import { AuthThrottles } from './auth/collections/AuthThrottles'
import { EmailChanges } from './auth/collections/EmailChanges'
import { OtpChallenges } from './auth/collections/OtpChallenges'
import { purgeSpentSignInStateTask } from './auth/tasks/purgeSpentSignInState'
import { RefreshTokens } from './auth/collections/RefreshTokens'
import { EmergencyContacts } from './EmergencyContacts'
import { PointsTransactions } from './PointsTransactions'
import { Users } from './Users'

export { userGraphQLMutations } from './graphql/mutations'
export {
  PURGE_SPENT_SIGN_IN_STATE,
  purgeSpentSignInState,
} from './auth/tasks/purgeSpentSignInState'
export { keepAccountCopiesFromUndoingChanges } from './auth/accountCopies'
export { lockAccount } from './auth/accountLock'
export { lockedLooksLikeWrongPassword } from './hooks/lockedLooksLikeWrongPassword'
export { logoutNeedsSignIn } from './hooks/logoutNeedsSignIn'
export { firstEmergencyContact, type EmergencyContactSnapshot } from './EmergencyContacts'
export { toE164 } from './auth/phone'
export { MAX_EMERGENCY_CONTACTS } from './EmergencyContacts'
export { awardBookingPoints, POINTS_PER_CONFIRMED_BOOKING, reverseBookingPoints } from './loyalty'
export { higherTier, tierForPoints, TRIBE_TIERS, type TribeTier } from './tiers'

export const userCollections = [
  Users,
  RefreshTokens,
  OtpChallenges,
  AuthThrottles,
  EmailChanges,
  PointsTransactions,
  EmergencyContacts,
]

export const userTasks = [purgeSpentSignInStateTask]
