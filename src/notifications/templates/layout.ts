export type RenderedMail = { subject: string; text: string; html: string }

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char])
}

/** A paragraph that ends in a link: its own line in the text part, an anchor in the HTML. */
export type LinkParagraph = { text: string; link: string }

export type Paragraph = string | LinkParagraph

export const withLink = (text: string, link: string): LinkParagraph => ({ text, link })

const plainText = (paragraph: Paragraph) =>
  typeof paragraph === 'string' ? paragraph : `${paragraph.text}\n${paragraph.link}`

const htmlLines = (value: string) => escapeHtml(value).replace(/\n/g, '<br>')

function htmlParagraph(paragraph: Paragraph): string {
  if (typeof paragraph === 'string') {
    return `<p>${htmlLines(paragraph)}</p>`
  }
  const link = escapeHtml(paragraph.link)
  return `<p>${htmlLines(paragraph.text)}<br><a href="${link}">${link}</a></p>`
}

/**
 * One shape for every e-mail: a greeting, paragraphs, and a sign-off, as plain text and
 * as minimal HTML. Every value is escaped here, so templates pass raw strings.
 */
export function mail(subject: string, greeting: string, paragraphs: Paragraph[]): RenderedMail {
  const signOff = 'See you on the trail,\nTeam OBS Trekking Tribe'
  const text = [greeting, ...paragraphs.map(plainText), signOff].join('\n\n')
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">',
    `<p>${escapeHtml(greeting)}</p>`,
    ...paragraphs.map(htmlParagraph),
    `<p>${htmlLines(signOff)}</p>`,
    '</body></html>',
  ].join('\n')
  return { subject, text, html }
}

export function greet(name: string | undefined): string {
  return name ? `Hello ${name},` : 'Hello,'
}
