import { jest } from '@jest/globals'
import type { Payload } from 'payload'

import { runJobs } from './jobs'

/** Runs the queued jobs with `payload.sendEmail` recorded, not sent; the recipients, in order. */
export async function mailsSentWhileJobsRun(payload: Payload): Promise<string[]> {
  const sent: string[] = []
  const spy = jest.spyOn(payload, 'sendEmail').mockImplementation(async (message: any) => {
    sent.push(String(message.to))
    return {} as never
  })
  try {
    await runJobs(payload)
  } finally {
    spy.mockRestore()
  }
  return sent
}
