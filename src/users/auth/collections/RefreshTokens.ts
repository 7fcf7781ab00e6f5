import { privateCollection } from './privateCollection'

/**
 * Refresh tokens, stored as keyed hashes. A family is one sign-in: each refresh spends its row
 * and adds the next; `sid` is the Payload session the row's access token belongs to, and
 * `credentialStamp` ties the family to the password it was issued under.
 */
export const RefreshTokens = privateCollection('refresh-tokens', [
  { name: 'user', type: 'relationship', relationTo: 'users', required: true, index: true },
  { name: 'family', type: 'text', required: true, index: true },
  { name: 'tokenHash', type: 'text', required: true, unique: true },
  { name: 'sid', type: 'text', required: true, index: true },
  { name: 'credentialStamp', type: 'text', required: true },
  { name: 'expiresAt', type: 'date', required: true },
  { name: 'usedAt', type: 'date' },
  { name: 'revokedAt', type: 'date' },
])
