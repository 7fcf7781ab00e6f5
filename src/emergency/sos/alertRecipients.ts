import type { PayloadRequest } from 'payload'

import { env } from '@/config/env'
import type { Batch } from '@/payload-types'
import { relationId } from '@/shared/relationId'
import { toE164 } from '@/users'

export type AlertRecipient = {
  channel: 'sms' | 'email'
  to: string
  role: 'emergency_contact' | 'guide' | 'ops_oncall'
}

type Contact = { phone?: string | null; email?: string | null }

/**
 * Every contact of the trekker: the users domain caps them at creation
 * (MAX_EMERGENCY_CONTACTS), so reading them all is bounded.
 */
async function emergencyContacts(
  trekkerId: number | string,
  req: PayloadRequest,
): Promise<Contact[]> {
  const slug = 'emergency-contacts'
  if (!req.payload.collections[slug as never]) {
    return []
  }
  const { docs } = await req.payload.find({
    collection: slug as never,
    where: { user: { equals: trekkerId } },
    depth: 0,
    pagination: false,
    sort: 'createdAt',
    overrideAccess: true,
    req,
  })
  return docs as Contact[]
}

async function guideContacts(batch: Batch | null, req: PayloadRequest): Promise<AlertRecipient[]> {
  const guideId = relationId(batch?.guide)
  if (guideId === null) {
    return []
  }
  const common = { depth: 0, overrideAccess: true, disableErrors: true, req } as const
  const guide = await req.payload.findByID({ collection: 'guides', id: guideId, ...common })
  if (!guide) {
    return []
  }
  const guideUserId = relationId(guide.user)
  const account =
    guideUserId !== null
      ? await req.payload.findByID({ collection: 'users', id: guideUserId, ...common })
      : null
  // Only a guide's account hears of the SOS: a card linked to another account (before the
  // catalog checked the link) must not send a trekker's SOS to a stranger.
  const user = account?.staffRole === 'guide' ? account : null
  const recipients: AlertRecipient[] = []
  for (const phone of [user?.phone, guide.satellitePhone]) {
    if (phone) {
      recipients.push({ channel: 'sms', to: phone, role: 'guide' })
    }
  }
  if (user?.email) {
    recipients.push({ channel: 'email', to: user.email, role: 'guide' })
  }
  return recipients
}

function onCall(): AlertRecipient[] {
  return env.opsOncall.map((entry) =>
    entry.includes('@')
      ? { channel: 'email', to: entry, role: 'ops_oncall' }
      : { channel: 'sms', to: entry, role: 'ops_oncall' },
  )
}

/** One person, one address: `098…`, `+91 98…` and `98…` are the same phone. */
const normalise = (recipient: AlertRecipient): AlertRecipient => ({
  ...recipient,
  to:
    recipient.channel === 'email'
      ? recipient.to.trim().toLowerCase()
      : (toE164(recipient.to) ?? recipient.to.replace(/[\s()-]/g, '')),
})

/**
 * Who to alert: everyone; the guide and on-call but not the emergency contacts, once the
 * trekker's SOS texted them SOS_CONTACT_ALERTS_PER_DAY times in 24 hours; for a repeat SOS
 * inside the throttle window on-call only; or, once on-call was paged for the trekker's repeats
 * often enough in the window, nobody (recorded).
 */
export type AlertScope = 'everyone' | 'without_contacts' | 'oncall_only' | 'recorded_only'

/**
 * Who hears about an SOS: an SMS to each of the trekker's emergency contacts; SMS (phone and
 * satellite phone) and e-mail to the batch's guide; the on-call list from OPS_ONCALL.
 * A person listed twice is alerted once per channel.
 */
export async function alertRecipients(
  trekkerId: number | string,
  batch: Batch | null,
  req: PayloadRequest,
  scope: AlertScope = 'everyone',
  repeat: { contactsCapped: boolean; alreadyAlerted: Set<string> } = {
    contactsCapped: false,
    alreadyAlerted: new Set(),
  },
): Promise<AlertRecipient[]> {
  const contactsOf = async () =>
    (await emergencyContacts(trekkerId, req))
      .filter((contact) => contact.phone)
      .map((contact): AlertRecipient => ({
        channel: 'sms',
        to: contact.phone!,
        role: 'emergency_contact',
      }))
  if (scope === 'recorded_only' || scope === 'oncall_only') {
    // A repeat spares those an earlier SOS of the window alerted, not those it could not reach
    // (a contact added since, a guide assigned since; review round 35).
    const missed = [
      ...(repeat.contactsCapped ? [] : await contactsOf()),
      ...(await guideContacts(batch, req)),
    ]
      .map(normalise)
      .filter((recipient) => !repeat.alreadyAlerted.has(`${recipient.channel}:${recipient.to}`))
    return unique([...missed, ...(scope === 'oncall_only' ? onCall() : []).map(normalise)])
  }
  const contacts = scope === 'without_contacts' ? [] : await contactsOf()
  return unique([...contacts, ...(await guideContacts(batch, req)), ...onCall()].map(normalise))
}

function unique(all: AlertRecipient[]): AlertRecipient[] {
  const seen = new Set<string>()
  return all.filter((recipient) => {
    const key = `${recipient.channel}:${recipient.to}`
    if (seen.has(key) || recipient.to === '') {
      return false
    }
    seen.add(key)
    return true
  })
}
