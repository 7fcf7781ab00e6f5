import cron from 'node-cron'

import { BUSINESS_TIME_ZONE } from '@/shared/time'

const MINUTE_MS = 60 * 1000
/** Never look further back than this for missed runs, whatever the gap. */
const LOOKBACK_MS = 8 * 24 * 60 * MINUTE_MS

const matchers = new Map<string, (date: Date) => boolean>()

function matcherFor(expression: string): (date: Date) => boolean {
  let match = matchers.get(expression)
  if (!match) {
    const task = cron.createTask(expression, () => undefined, { timezone: BUSINESS_TIME_ZONE })
    match = (date: Date) => task.match(date)
    matchers.set(expression, match)
  }
  return match
}

/**
 * The scheduled times of `expression` after `after` and at or before `now`, oldest first,
 * at most the newest `limit` of them.
 */
export function duePeriods(
  expression: string,
  now: Date,
  after: Date | null,
  limit: number,
): Date[] {
  const match = matcherFor(expression)
  const floor = Math.max(after ? after.getTime() : 0, now.getTime() - LOOKBACK_MS)
  const due: Date[] = []
  for (
    let at = Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS;
    at > floor && due.length < limit;
    at -= MINUTE_MS
  ) {
    if (match(new Date(at))) {
      due.push(new Date(at))
    }
  }
  return due.reverse()
}
