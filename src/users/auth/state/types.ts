export type Limit = { key: string; max: number; windowMs: number }

export type LiveCode = { id: string; codeHash: string }

/**
 * Where sign-in limits and OTP codes live, so that every instance sees the same counts:
 * PostgreSQL by default, Redis when REDIS_URL is set. Each operation is one atomic step.
 */
export interface AuthStateStore {
  /** Counts one attempt; returns the seconds to wait when over the limit, else 0. */
  hit(limit: Limit, now: Date): Promise<number>
  /** Gives back one attempt counted by `hit` in the window still open (never below zero). */
  release(limit: Limit, now: Date): Promise<void>
  /** Stores a new code for the phone; any older code of that phone dies. */
  saveCode(phone: string, codeHash: string, expiresAt: Date, now: Date): Promise<void>
  /** Spends one try of the phone's live code, or returns null if it has none left. */
  spendTry(phone: string, maxTries: number, now: Date): Promise<LiveCode | null>
  /** Marks the code used; false if it was used already. */
  consume(phone: string, id: string, now: Date): Promise<boolean>
  /** Removes the phones' codes and the counts under `limitKeys` (an erased account's leftovers). */
  forget(phones: string[], limitKeys: string[]): Promise<void>
}
