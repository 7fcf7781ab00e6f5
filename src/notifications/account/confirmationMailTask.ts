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
import { emailChangeConfirm } from '../templates'

export const SEND_EMAIL_CONFIRMATION = 'sendEmailConfirmation'

type ConfirmationMail = { to: string; name: string; link: string; validHours: string }

type ConfirmationMailIO = { input: AccountMessageInput; output: object }

/**
 * Sends the link that confirms a new e-mail address. The link carries a one-time token, so
 * it travels sealed: job input sits in a table and is logged when an attempt fails, and the
 * delivery rows staff can read must never hold it.
 */
export const sendEmailConfirmationTask: TaskConfig<ConfirmationMailIO> = {
  slug: SEND_EMAIL_CONFIRMATION,
  label: 'Send an e-mail address confirmation link',
  retries: { attempts: 5, backoff: { type: 'exponential', delay: 30_000 } },
  inputSchema: accountMessageInputSchema,
  handler: async ({ input, req }) => {
    if (await accountGone(req, input)) {
      return { output: {} }
    }
    const message = JSON.parse(unseal(input.sealed)) as ConfirmationMail
    await req.payload.sendEmail({ to: message.to, ...emailChangeConfirm(message) })
    req.payload.logger.info({
      msg: `E-mail confirmation ${mailFate()}`,
      to: maskRecipient(message.to),
    })
    return { output: {} }
  },
}

/** Queues the confirmation in the caller's transaction: no mail for a change rolled back. */
export async function queueEmailConfirmation(
  req: PayloadRequest,
  account: number | string,
  message: ConfirmationMail,
): Promise<void> {
  await queueAccountMessage(req, SEND_EMAIL_CONFIRMATION, account, message)
}
