import type { PayloadRequest, TaskConfig } from 'payload'

import { sendSms } from './index'
import { seal, unseal } from './sealed'
import { maskPhone } from './templates'

export const SEND_OTP_SMS = 'sendOtpSms'

type OtpSmsIO = { input: { sealed: string }; output: object }

/**
 * Sends a sign-in code; a provider failure is retried with backoff by the jobs queue. The
 * phone and code travel sealed: the queue stores job input in a table and the runner logs it
 * when an attempt fails.
 */
export const sendOtpSmsTask: TaskConfig<OtpSmsIO> = {
  slug: SEND_OTP_SMS,
  label: 'Send a sign-in code by SMS',
  retries: { attempts: 4, backoff: { type: 'exponential', delay: 2_000 } },
  inputSchema: [{ name: 'sealed', type: 'text', required: true }],
  handler: async ({ input, req }) => {
    const { phone, code } = JSON.parse(unseal(input.sealed)) as { phone: string; code: string }
    await sendSms({ to: phone, template: 'otp_code', params: { code } })
    req.payload.logger.info({ msg: 'OTP SMS sent', phone: maskPhone(phone) })
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
    input: { sealed: seal(JSON.stringify({ phone, code })) } as never,
  })) as { id: number | string }
  try {
    await req.payload.jobs.runByID({ id: job.id })
  } catch (err) {
    req.payload.logger.error({
      msg: 'OTP SMS first attempt failed',
      jobId: job.id,
      error: (err as Error).name,
    })
  }
}
