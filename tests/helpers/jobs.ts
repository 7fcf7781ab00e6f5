import type { Payload } from 'payload'

/** Runs queued jobs (all queues) until none is ready, the way a worker would. */
export async function runJobs(payload: Payload, rounds = 20): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    const result = await payload.jobs.run({ allQueues: true, limit: 100, silent: true })
    if (result.noJobsRemaining) {
      return
    }
  }
}

/** Jobs of one task whose input matches, newest first. */
export async function jobsFor(payload: Payload, task: string, match: (input: any) => boolean) {
  const { docs } = await payload.find({
    collection: 'payload-jobs',
    where: { taskSlug: { equals: task } },
    sort: '-createdAt',
    limit: 500,
    depth: 0,
    overrideAccess: true,
  })
  return docs.filter((job) => match(job.input))
}

const usedPhones = new Set<string>()
/** A random Indian mobile number in E.164, unique within this test process. */
export function uniquePhone(): string {
  let phone: string
  do {
    phone = `+9196${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`
  } while (usedPhones.has(phone))
  usedPhones.add(phone)
  return phone
}
