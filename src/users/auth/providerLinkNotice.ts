import type { PayloadRequest } from 'payload'

import { enqueueDelivery } from '@/notifications'

import { PROVIDER_NAME, type ProviderIdentity } from './identity'

/**
 * A link made from a session is a new way in, so the account's address is told, in the link's
 * transaction: a link the holder did not make (a phished password) does not go unnoticed, and
 * signing out everywhere or a reset ends it.
 */
export async function noticeProviderLink(
  req: PayloadRequest,
  account: { id: number | string; email?: unknown; firstName?: unknown },
  provider: ProviderIdentity['provider'],
  linkedAt: string | undefined,
) {
  if (typeof account.email !== 'string' || account.email === '') {
    return
  }
  await enqueueDelivery(req, {
    key: `provider_linked_notice:${account.id}:${provider}:${linkedAt ?? Date.now()}`,
    channel: 'email',
    template: 'provider_linked_notice',
    to: account.email,
    params: {
      name: typeof account.firstName === 'string' ? account.firstName : '',
      provider: PROVIDER_NAME[provider],
    },
  })
}
