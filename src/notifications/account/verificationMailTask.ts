import type { PayloadRequest, TaskConfig } from 'payload'

import { maskRecipient } from '../deliveries/maskRecipient'
import { mailFate } from '../email/emailAdapter'
import { unseal } from '../sms/sealed'
import {
  accountGone,
  accountMessageInputSchema,
  queueAccountMessage,
  type AccountMessageInput,
} from './accountMessage'
import { verifyNewAccount } from '../templates'

export const SEND_ACCOUNT_VERIFICATION = 'sendAccountVerification'

type VerificationMail = { to: string; name: string; link: string }

type VerificationMailIO = { input: AccountMessageInput; output: object }

/**
 * Sends a new account's verification link as a job, so a mail relay that is down or refuses the
 * address delays the mail (retried with backoff) instead of failing the sign-up (review round
 * 27: Payload sends it inside POST /api/users). The link holds the account's verification
 * token, so the job input is sealed like the other account mails'.
 */
export const sendAccountVerificationTask: TaskConfig<VerificationMailIO> = {
  slug: SEND_ACCOUNT_VERIFICATION,
  label: 'Send a new account its verification link',
  // The token does not expire: retries may run for hours (30 s doubling, 8 tries).
  retries: { attempts: 8, backoff: { type: 'exponential', delay: 30_000 } },
  inputSchema: accountMessageInputSchema,
  handler: async ({ input, req }) => {
    if (await accountGone(req, input)) {
      return { output: {} }
    }
    const message = JSON.parse(unseal(input.sealed)) as VerificationMail
    await req.payload.sendEmail({ to: message.to, ...verifyNewAccount(message) })
    req.payload.logger.info({
      msg: `Account verification link ${mailFate()}`,
      to: maskRecipient(message.to),
    })
    return { output: {} }
  },
}

/** Queues the verification mail in the sign-up's transaction: no mail for an account rolled back. */
export async function queueAccountVerification(
  req: PayloadRequest,
  account: number | string,
  message: VerificationMail,
): Promise<void> {
  await queueAccountMessage(req, SEND_ACCOUNT_VERIFICATION, account, message)
}
