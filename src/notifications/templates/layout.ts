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

/**
 * One shape for every e-mail: a greeting, paragraphs, and a sign-off, as plain text and
 * as minimal HTML. Every value is escaped here, so templates pass raw strings.
 */
export function mail(subject: string, greeting: string, paragraphs: string[]): RenderedMail {
  const signOff = 'See you on the trail,\nTeam OBS Trekking Tribe'
  const text = [greeting, ...paragraphs, signOff].join('\n\n')
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">',
    `<p>${escapeHtml(greeting)}</p>`,
    ...paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`),
    `<p>${escapeHtml(signOff).replace(/\n/g, '<br>')}</p>`,
    '</body></html>',
  ].join('\n')
  return { subject, text, html }
}

export function greet(name: string | undefined): string {
  return name ? `Hello ${name},` : 'Hello,'
}
