import { privateCollection } from './privateCollection'

/**
 * One row per requested e-mail change. The link's token is stored only as a keyed hash; a
 * row is spent once (`usedAt`), and a newer request for the same account spends the older.
 */
export const EmailChanges = privateCollection('email-changes', [
  { name: 'user', type: 'relationship', relationTo: 'users', required: true, index: true },
  { name: 'email', type: 'text', required: true },
  { name: 'tokenHash', type: 'text', required: true, unique: true },
  { name: 'expiresAt', type: 'date', required: true },
  { name: 'usedAt', type: 'date' },
  // The sign-in that asked (as providerLinks' linkedBy): ending the account's other sign-ins
  // spends the changes they asked for, not this one's.
  { name: 'requestedBy', type: 'text' },
])
