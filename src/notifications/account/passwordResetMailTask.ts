import { mailFate } from '../email/emailAdapter'
import type { PayloadRequest, TaskConfig } from 'payload'

import { maskRecipient } from '../deliveries/maskRecipient'
import { unseal } from '../sms/sealed'
import {
  accountGone,
  accountMessageInputSchema,
  queueAccountMessage,
  type AccountMessageInput,
} from './accountMessage'
import { passwordReset } from '../templates'

export const SEND_PASSWORD_RESET = 'sendPasswordReset'

type PasswordResetMail = { to: string; name: string; link: string; validMinutes: string }

type PasswordResetMailIO = { input: AccountMessageInput; output: object }

/**
 * Sends the password reset link as a job, so a mail provider that is down delays the mail
 * (retried with backoff) instead of failing POST /api/users/forgot-password. The link holds
 * the one-time reset token, so the job input is sealed like the e-mail confirmation's.
 */
export const sendPasswordResetTask: TaskConfig<PasswordResetMailIO> = {
  slug: SEND_PASSWORD_RESET,
  label: 'Send a password reset link',
  // The link dies after an hour; retries beyond that would deliver a dead link.
  retries: { attempts: 4, backoff: { type: 'exponential', delay: 30_000 } },
  inputSchema: accountMessageInputSchema,
  handler: async ({ input, req }) => {
    if (await accountGone(req, input)) {
      return { output: {} }
    }
    const message = JSON.parse(unseal(input.sealed)) as PasswordResetMail
    await req.payload.sendEmail({ to: message.to, ...passwordReset(message) })
    req.payload.logger.info({
      msg: `Password reset link ${mailFate()}`,
      to: maskRecipient(message.to),
    })
    return { output: {} }
  },
}

/** Queues the reset mail in the request's transaction: no mail for a token rolled back. */
export async function queuePasswordResetMail(
  req: PayloadRequest,
  account: number | string,
  message: PasswordResetMail,
): Promise<void> {
  await queueAccountMessage(req, SEND_PASSWORD_RESET, account, message)
}
