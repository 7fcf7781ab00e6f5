import type { Sort } from 'payload'

/**
 * Jobs that must not wait behind bulk work: an SOS alert. Every other job is on Payload's
 * `default` queue. Any signed-in account can queue work cheaply (each published post queues a
 * badge evaluation), and runs take the oldest 20 jobs, so oldest-first alone let a flood of
 * posts hold SOS texts back for minutes (review round 20).
 */
export const URGENT_QUEUE = 'urgent'

/**
 * Runs over all queues (the web process's cron, the worker) take urgent jobs first, then the
 * oldest. `-queue` puts `urgent` before `default` (descending by name); a queue added later
 * must be named with that order in mind.
 */
export const jobsProcessingOrder = ({ allQueues }: { allQueues?: boolean }): Sort =>
  allQueues ? ['-queue', 'createdAt'] : 'createdAt'
