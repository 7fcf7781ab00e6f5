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
import { emailChangedUndo } from '../templates'

export const SEND_EMAIL_CHANGE_UNDO = 'sendEmailChangeUndo'

type UndoMail = { to: string; name: string; newEmail: string; link: string; validDays: string }

type UndoMailIO = { input: AccountMessageInput; output: object }

/**
 * Tells the address an account just left that it was left, with the link that takes the
 * account back. The link holds a one-time token, so the job input is sealed like the e-mail
 * confirmation's, and no delivery row (which staff read) ever holds it.
 */
export const sendEmailChangeUndoTask: TaskConfig<UndoMailIO> = {
  slug: SEND_EMAIL_CHANGE_UNDO,
  label: 'Send an e-mail change notice with its undo link',
  retries: { attempts: 5, backoff: { type: 'exponential', delay: 30_000 } },
  inputSchema: accountMessageInputSchema,
  handler: async ({ input, req }) => {
    if (await accountGone(req, input)) {
      return { output: {} }
    }
    const message = JSON.parse(unseal(input.sealed)) as UndoMail
    await req.payload.sendEmail({ to: message.to, ...emailChangedUndo(message) })
    req.payload.logger.info({
      msg: `E-mail change undo link ${mailFate()}`,
      to: maskRecipient(message.to),
    })
    return { output: {} }
  },
}

/** Queues the notice in the confirmation's transaction: no link for a change rolled back. */
export async function queueEmailChangeUndo(
  req: PayloadRequest,
  account: number | string,
  message: UndoMail,
): Promise<void> {
  await queueAccountMessage(req, SEND_EMAIL_CHANGE_UNDO, account, message)
}
