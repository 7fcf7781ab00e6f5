import { changedTo } from '../templates/accountMails'

/**
 * Our message texts. In India every template is registered with DLT and the provider is told
 * only the template id and its variables; the text here is what the console adapter prints
 * and must match the registered one.
 */
const TEMPLATES: Record<string, (params: Record<string, string>) => string> = {
  otp_code: ({ code }) =>
    `${code} is your OBS sign-in code. It expires in 5 minutes. Do not share it.`,
  // To the old number: it no longer signs in, and its holder may not have asked for that.
  phone_changed_notice: ({ phoneEnding }) =>
    `Your OBS account's phone number was ${changedTo(phoneEnding)}. If this was not you, contact OBS support.`,
}

export function renderSms(template: string, params: Record<string, string>): string {
  const render = TEMPLATES[template]
  if (!render) {
    return `[${template}] ${JSON.stringify(params)}`
  }
  return render(params)
}

export function registerSmsTemplate(
  name: string,
  render: (params: Record<string, string>) => string,
): void {
  TEMPLATES[name] = render
}

/** Last digits only: enough for support to match a complaint, useless to anyone else. */
export function maskPhone(phone: string): string {
  return phone.length > 6 ? `${phone.slice(0, 3)}******${phone.slice(-4)}` : '******'
}
