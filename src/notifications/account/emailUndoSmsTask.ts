import type { PayloadRequest, TaskConfig } from 'payload'

import { sendSms } from '../sms'
import { unseal } from '../sms/sealed'
import {
  accountGone,
  accountMessageInputSchema,
  queueAccountMessage,
  type AccountMessageInput,
} from './accountMessage'
import { maskPhone } from '../sms/templates'

export const SEND_EMAIL_ADDED_UNDO = 'sendEmailAddedUndo'

type UndoSms = { to: string; newEmail: string; link: string; validDays: string }

type UndoSmsIO = { input: AccountMessageInput; output: object }

/**
 * Texts an account that had no address (a phone account) that one was added, with the link
 * that takes it off again. The link holds a one-time token, so the job input is sealed like
 * the undo mail's and the OTP's, and no delivery row (which staff read) ever holds it.
 */
export const sendEmailAddedUndoTask: TaskConfig<UndoSmsIO> = {
  slug: SEND_EMAIL_ADDED_UNDO,
  label: 'Text an added e-mail address with its undo link',
  retries: { attempts: 5, backoff: { type: 'exponential', delay: 30_000 } },
  inputSchema: accountMessageInputSchema,
  handler: async ({ input, req }) => {
    if (await accountGone(req, input)) {
      return { output: {} }
    }
    const { to, ...params } = JSON.parse(unseal(input.sealed)) as UndoSms
    await sendSms({ to, template: 'email_added_undo', params })
    req.payload.logger.info({ msg: 'E-mail added undo link sent', to: maskPhone(to) })
    return { output: {} }
  },
}

/** Queues the text in the confirmation's transaction: no link for a change rolled back. */
export async function queueEmailAddedUndo(
  req: PayloadRequest,
  account: number | string,
  message: UndoSms,
): Promise<void> {
  await queueAccountMessage(req, SEND_EMAIL_ADDED_UNDO, account, message)
}
