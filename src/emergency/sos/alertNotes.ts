import type { Incident } from '@/payload-types'

import type { AlertRecipient, AlertScope } from './alertRecipients'
import { contactsSparedNote, notPagedNote, repeatNote } from './repeatThrottle'

/** How many of each kind of person an SOS reached, for the log and the incident's notes. */
export function alertCounts(recipients: AlertRecipient[]) {
  const count = (role: AlertRecipient['role'], channel?: AlertRecipient['channel']) =>
    recipients.filter((r) => r.role === role && (!channel || r.channel === channel)).length
  return {
    emergencyContacts: count('emergency_contact'),
    guide: count('guide'),
    onCallSms: count('ops_oncall', 'sms'),
    onCallEmail: count('ops_oncall', 'email'),
  }
}

/**
 * What the staff reading the incident must know about who was told: on a repeat SOS, whom on
 * call it reached (OPS_ONCALL may be empty, as it is locally) or that on-call was not paged
 * again; on any SOS that reached nobody, that nobody knows about it but the desk reading this.
 */
export function alertNotes(
  recipients: AlertRecipient[],
  previous?: Incident,
  scope: AlertScope = 'everyone',
): string[] {
  const { onCallSms, onCallEmail, emergencyContacts, guide } = alertCounts(recipients)
  // Those no earlier SOS of the window reached are alerted by the repeat.
  const caughtUp =
    emergencyContacts + guide > 0
      ? [
          `Not reached by the earlier SOS, so alerted now: ${emergencyContacts} emergency ` +
            `contacts, ${guide} guide messages.`,
        ]
      : []
  if (previous && scope === 'recorded_only') {
    return [`${repeatNote(previous)} ${notPagedNote()}`, ...caughtUp]
  }
  if (previous) {
    const onCall =
      onCallSms + onCallEmail > 0
        ? `On-call alerted: ${onCallSms} by SMS, ${onCallEmail} by e-mail.`
        : caughtUp.length > 0
          ? 'On-call not alerted: OPS_ONCALL is empty.'
          : 'Nobody was alerted: OPS_ONCALL is empty.'
    return [`${repeatNote(previous)} ${onCall}`, ...caughtUp]
  }
  if (scope === 'without_contacts') {
    const nobody = 'Nobody was alerted: no guide on a batch of theirs, and OPS_ONCALL is empty.'
    return [contactsSparedNote(), ...(recipients.length === 0 ? [nobody] : [])]
  }
  if (recipients.length === 0) {
    return [
      'Nobody was alerted: the trekker has no emergency contact, no guide on a batch of theirs, and OPS_ONCALL is empty.',
    ]
  }
  return []
}
