import type { PayloadRequest } from 'payload'

import { EVALUATE_BADGES } from './evaluateBadges'

/** For any domain whose change may earn a badge (a post, a completed trek): runs as a job. */
export async function queueBadgeEvaluation(userId: number | string, req: PayloadRequest) {
  await req.payload.jobs.queue({
    task: EVALUATE_BADGES,
    input: { userId: Number(userId) },
    req,
  })
}
