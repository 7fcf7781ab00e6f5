import type { PayloadRequest } from 'payload'

import { noticeToHolder, type Holder } from '@/notifications'

import { PROVIDER_NAME, type ProviderIdentity } from './identity'

/**
 * A link made from a session is a new way in, so the holder is told (address, or a phone
 * account's proven number), in the link's
 * transaction: a link the holder did not make (a phished password) does not go unnoticed, and
 * signing out everywhere or a reset ends it.
 */
export async function noticeProviderLink(
  req: PayloadRequest,
  account: Holder & { firstName?: unknown },
  provider: ProviderIdentity['provider'],
  linkedAt: string | undefined,
) {
  await noticeToHolder(req, account, {
    key: `provider_linked_notice:${account.id}:${provider}:${linkedAt ?? Date.now()}`,
    template: 'provider_linked_notice',
    params: {
      name: typeof account.firstName === 'string' ? account.firstName : '',
      provider: PROVIDER_NAME[provider],
    },
  })
}
