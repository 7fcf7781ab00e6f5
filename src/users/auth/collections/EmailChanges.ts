import { privateCollection } from './privateCollection'

/**
 * One row per requested e-mail change. The link's token is stored only as a keyed hash; a
 * row is spent once (`usedAt`), and a newer request for the same account spends the older.
 * A confirmed change also records the address it replaced and the hash of the undo link
 * mailed there, or for an account that had no address, the phone the undo link was texted to
 * (emailUndoLink.ts, emailUndo.ts).
 */
export const EmailChanges = privateCollection('email-changes', [
  { name: 'user', type: 'relationship', relationTo: 'users', required: true, index: true },
  { name: 'email', type: 'text', required: true },
  { name: 'tokenHash', type: 'text', required: true, unique: true },
  { name: 'expiresAt', type: 'date', required: true },
  { name: 'usedAt', type: 'date' },
  // Set only when the link confirmed the change (usedAt is also set when a request is spent):
  // a phone changed before the current address was confirmed stays at a reset (recentPhone.ts).
  { name: 'confirmedAt', type: 'date' },
  // The sign-in that asked (as providerLinks' linkedBy): ending the account's other sign-ins
  // spends the changes they asked for, not this one's.
  { name: 'requestedBy', type: 'text' },
  // Set when the change is confirmed: the address it replaced, where the undo link goes.
  // Indexed: a sign-up with an address that a live undo link may put back is refused.
  { name: 'previousEmail', type: 'text', index: true },
  // Set instead when the account had no address: the proven phone the undo link was texted
  // to, which the undo gives back as the account's only way in with its username.
  { name: 'previousPhone', type: 'text', index: true },
  { name: 'undoTokenHash', type: 'text', unique: true },
  { name: 'undoExpiresAt', type: 'date' },
  // The undo link was used, or an undo of an earlier change of the account spent it.
  { name: 'undoneAt', type: 'date' },
])
