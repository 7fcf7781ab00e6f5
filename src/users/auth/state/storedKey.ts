import { createHash } from 'node:crypto'

/** Keys up to this length are stored as they are, readable in the table and in Redis. */
const READABLE_KEY_LENGTH = 200

/** Enough of a long key to tell its kind (`reset:email:…`) when reading the table. */
const KEPT_PREFIX_LENGTH = 40

/**
 * A limit key carries what the client sent (an address, say), so its length is the client's
 * choice, and the unique index on auth_throttles.key refuses an entry past about 2,700 bytes
 * with a server error. A longer key is stored as its SHA-256 digest behind its first
 * characters: a fixed length, and still one count per key.
 */
export function storedLimitKey(key: string): string {
  if (key.length <= READABLE_KEY_LENGTH) {
    return key
  }
  const digest = createHash('sha256').update(key).digest('hex')
  return `${key.slice(0, KEPT_PREFIX_LENGTH)}#sha256:${digest}`
}
