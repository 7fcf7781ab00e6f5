import { nodemailerAdapter } from '@payloadcms/email-nodemailer'
import nodemailer, { type Transporter } from 'nodemailer'
import SMTPTransport from 'nodemailer/lib/smtp-transport'
import { APIError } from 'payload'

import { env } from '@/config/env'

import { withRecipientMasked } from './recipientMasked'

let current: { url: string | undefined; transporter: Transporter } | undefined

/**
 * Bounds on one SMTP conversation. Nodemailer's own (2 minutes to connect, 30 s for the
 * greeting, 10 minutes of silence) let one relay that stalls hold a job run, and every job of
 * that run, for minutes (review round 28: an SOS text waited behind a password reset mail). A
 * relay that answers at all answers within these; the SMTP_URL's query may set others
 * (`?socketTimeout=60000`).
 */
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 }

/**
 * SMTP when SMTP_URL is set; otherwise nodemailer's JSON transport, which renders the
 * message and sends nothing (production refuses to start without SMTP_URL). The transport
 * is resolved per message so a changed SMTP_URL (a test's fake server) takes effect.
 */
function currentTransporter(): Transporter {
  const url = env.smtpUrl
  if (!current || current.url !== url) {
    current = {
      url,
      transporter: url
        ? nodemailer.createTransport(new SMTPTransport({ url, ...SMTP_TIMEOUTS }))
        : nodemailer.createTransport({ jsonTransport: true }),
    }
  }
  return current.transporter
}

/** Whether mail actually leaves the process; without SMTP it is only logged. */
export const mailIsDelivered = () => Boolean(env.smtpUrl)

/** How a log line names what happened to a mail handed to the adapter. */
export const mailFate = () =>
  mailIsDelivered() ? 'sent' : 'rendered, not sent: SMTP_URL is not set'

function parseFrom(from: string): { name: string; address: string } {
  const match = /^\s*(.*?)\s*<([^>]+)>\s*$/.exec(from)
  return match ? { name: match[1] || match[2], address: match[2] } : { name: from, address: from }
}

const MAIL_NOT_SENT = 'The e-mail could not be sent right now. Try again shortly.'

/** Each address a message goes to, however nodemailer was given them. */
function recipientsOf(to: nodemailer.SendMailOptions['to']): string[] {
  const list = Array.isArray(to) ? to : to ? [to] : []
  return list.map((entry) => (typeof entry === 'string' ? entry : entry.address))
}

/**
 * A mail the relay refused or could not take is a 503 with a message a client can show, not an
 * unknown error: Payload's sign-up sends its verification mail inside the request, and a relay
 * down or refusing the address made every sign-up a 500 with an error line quoting the address
 * (review round 27). `detail` keeps the relay's answer, recipients masked, for the delivery
 * record and the log; the message shown says nothing of the relay.
 */
function mailNotSent(err: Error, to: nodemailer.SendMailOptions['to']) {
  const detail = recipientsOf(to).reduce(
    (text, address) => withRecipientMasked(text, address),
    `${err.name}: ${err.message}`,
  )
  return Object.assign(new APIError(MAIL_NOT_SENT, 503, null, true), { detail })
}

/**
 * Payload's e-mail adapter for payload.config.ts. Transport options are always explicit:
 * with none, the nodemailer adapter would create an account on a public test SMTP service.
 */
export function emailAdapter() {
  const { name, address } = parseFrom(env.mailFrom)
  const delegating = nodemailer.createTransport({
    name: 'obs-mail',
    version: '1',
    send: (
      mail: { data: nodemailer.SendMailOptions },
      callback: (err: Error | null, info?: unknown) => void,
    ) => {
      currentTransporter().sendMail(mail.data, (err, info) =>
        err ? callback(mailNotSent(err, mail.data.to)) : callback(null, info),
      )
    },
  } as never)
  return nodemailerAdapter({
    defaultFromAddress: address,
    defaultFromName: name,
    skipVerify: true,
    transport: delegating,
  })
}
