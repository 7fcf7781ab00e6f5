/**
 * Every expiry, cooldown and rate window in sign-in reads this clock, so tests can move time
 * forward instead of waiting. Production never replaces it.
 */
export const authClock = {
  now: (): Date => new Date(),
}

export const MINUTE = 60 * 1000
export const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR

export function fromNow(ms: number): Date {
  return new Date(authClock.now().getTime() + ms)
}
