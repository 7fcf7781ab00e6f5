import type { PayloadRequest, TaskConfig } from 'payload'

import { sendSms } from './index'
import { maskPhone } from './templates'
import { seal, unseal } from './sealed'

export const SEND_OTP_SMS = 'sendOtpSms'

type OtpSmsIO = { input: { phone: string; sealedCode: string }; output: object }

/** Sends a sign-in code; a provider failure is retried with backoff by the jobs queue. */
export const sendOtpSmsTask: TaskConfig<OtpSmsIO> = {
  slug: SEND_OTP_SMS,
  label: 'Send a sign-in code by SMS',
  retries: { attempts: 4, backoff: { type: 'exponential', delay: 2_000 } },
  inputSchema: [
    { name: 'phone', type: 'text', required: true },
    { name: 'sealedCode', type: 'text', required: true },
  ],
  handler: async ({ input, req }) => {
    await sendSms({ to: input.phone, template: 'otp_code', params: { code: unseal(input.sealedCode) } })
    req.payload.logger.info({ msg: 'OTP SMS sent', phone: maskPhone(input.phone) })
    return { output: {} }
  },
}

/**
 * Queues the code and tries to send it at once, so the trekker is not left waiting for the
 * next scheduled run; a failed first attempt stays queued for the retries.
 */
export async function queueOtpSms(req: PayloadRequest, phone: string, code: string): Promise<void> {
  const job = (await req.payload.jobs.queue({
    task: SEND_OTP_SMS as never,
    input: { phone, sealedCode: seal(code) } as never,
  })) as { id: number | string }
  try {
    await req.payload.jobs.runByID({ id: job.id })
  } catch (err) {
    req.payload.logger.error({ msg: 'OTP SMS first attempt failed', jobId: job.id, error: (err as Error).name })
  }
}
