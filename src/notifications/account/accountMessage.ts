import type { Field, PayloadRequest } from 'payload'

import { seal } from '../sms/sealed'

/**
 * The input of every account message (reset link, e-mail confirmation, undo offer, sign-up
 * verification): the message sealed (it holds a one-time link), and the account it is for in
 * the clear, so an erasure can find and drop the messages still queued for it.
 */
export type AccountMessageInput = { sealed: string; account?: number | null }

export const accountMessageInputSchema: Field[] = [
  { name: 'sealed', type: 'text', required: true },
  { name: 'account', type: 'number' },
]

export async function queueAccountMessage(
  req: PayloadRequest,
  task: string,
  account: number | string,
  message: object,
): Promise<void> {
  await req.payload.jobs.queue({
    task: task as never,
    input: { sealed: seal(JSON.stringify(message)), account: Number(account) } as never,
    req,
  })
}

/**
 * The account was erased (or deleted) after the message was queued: it is not sent. The
 * erasure drops such jobs itself; this covers one a worker had already picked up.
 */
export async function accountGone(
  req: PayloadRequest,
  input: AccountMessageInput,
): Promise<boolean> {
  if (!input.account) {
    return false
  }
  const account = await req.payload.db.findOne<{ id: number; erasedAt?: string | null }>({
    collection: 'users',
    where: { id: { equals: input.account } },
    req,
  })
  return !account || Boolean(account.erasedAt)
}
