import { mail, type RenderedMail } from './layout'

/** Everything a responder needs at a glance; values are already formatted. */
export type SosAlertParams = {
  incidentId: string
  trekkerName: string
  trekkerPhone: string
  message: string
  position: string
  mapsUrl: string
  occurredAt: string
  trekName: string
}

export function sosAlertMail(params: SosAlertParams): RenderedMail {
  return mail(`SOS from ${params.trekkerName}: incident #${params.incidentId}`, 'SOS alert,', [
    `${params.trekkerName} (${params.trekkerPhone || 'no phone on file'}) sent an SOS at ${params.occurredAt}${params.trekName ? ` during ${params.trekName}` : ''}.`,
    `Message: ${params.message || '(none)'}`,
    `Position: ${params.position}${params.mapsUrl ? `\n${params.mapsUrl}` : ''}`,
    'Acknowledge the incident in the OBS admin so the team knows it is being handled.',
  ])
}

/** The SMS text; short, because it may be read on a satellite phone. */
export function sosAlertSms(params: SosAlertParams): string {
  const trek = params.trekName ? ` on ${params.trekName}` : ''
  const message = params.message ? ` "${params.message.slice(0, 80)}"` : ''
  return `OBS SOS #${params.incidentId}: ${params.trekkerName}${trek} ${params.trekkerPhone} at ${params.occurredAt}.${message} Position: ${params.position}`
}
