import type { Sort } from 'payload'

/**
 * Jobs that must not wait behind bulk work: an SOS alert. Every other job is on Payload's
 * `default` queue. Any signed-in account can queue work cheaply (each published post queues a
 * badge evaluation), and runs take the oldest 20 jobs, so oldest-first alone let a flood of
 * posts hold SOS texts back for minutes (review round 20).
 */
export const URGENT_QUEUE = 'urgent'

/**
 * An SOS's e-mails (to the guide, to on-call): urgent too, but beside the texts, not among
 * them. A run waits for every job it took, so on a stalled relay an SOS's own e-mail held the
 * urgent loop, and the next trekker's SOS texts waited for the relay's timeout (review round
 * 37). Named to sort between `urgent` and `default` (see jobsProcessingOrder).
 */
export const SOS_MAIL_QUEUE = 'sos-mail'

/** The queues with a worker loop and a cron run of their own. */
export const OWN_LOOP_QUEUES = [URGENT_QUEUE, SOS_MAIL_QUEUE] as const

/**
 * Runs over all queues (the web process's cron, the worker) take urgent jobs first, then the
 * oldest. `-queue` puts `urgent` before `default` (descending by name); a queue added later
 * must be named with that order in mind.
 */
export const jobsProcessingOrder = ({ allQueues }: { allQueues?: boolean }): Sort =>
  allQueues ? ['-queue', 'createdAt'] : 'createdAt'
