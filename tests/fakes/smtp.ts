import net from 'node:net'

export type ReceivedMail = {
  from: string
  to: string[]
  raw: string
  subject: string
  /** The body with quoted-printable soft breaks and escapes undone, for plain assertions. */
  body: string
}

/** Undoes quoted-printable encoding (soft line breaks and =XX escapes) of a message body. */
function decodeQuotedPrintable(raw: string): string {
  const bytes = raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
  return Buffer.from(bytes, 'latin1').toString('utf8')
}

/** Undoes RFC 2047 encoded words (`=?UTF-8?Q?...?=`, `=?UTF-8?B?...?=`) in a header. */
function decodeEncodedWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(
      /=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g,
      (_, charset: string, encoding: string, text: string) => {
        const bytes =
          encoding.toUpperCase() === 'B'
            ? Buffer.from(text, 'base64')
            : Buffer.from(
                text
                  .replace(/_/g, ' ')
                  .replace(/=([0-9A-F]{2})/gi, (__, hex: string) =>
                    String.fromCharCode(parseInt(hex, 16)),
                  ),
                'latin1',
              )
        return bytes.toString(charset.toLowerCase() === 'utf-8' ? 'utf8' : 'latin1')
      },
    )
}

function headerOf(raw: string, name: string): string {
  const head = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ')
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`))
  return line ? decodeEncodedWords(line.slice(name.length + 1).trim()) : ''
}

/**
 * A tiny SMTP server on 127.0.0.1 (random port) that accepts every message and keeps it.
 * `failNext(n)` answers the next n messages with a temporary failure (451), like a
 * provider that is briefly down.
 */
export async function startSmtpFake() {
  const received: ReceivedMail[] = []
  let failures = 0

  const server = net.createServer((socket) => {
    let buffer = ''
    let inData = false
    let from = ''
    let to: string[] = []
    const reply = (line: string) => socket.write(`${line}\r\n`)
    reply('220 fake-smtp ready')

    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1')
      while (true) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n')
          if (end === -1) {
            return
          }
          const raw = buffer.slice(0, end).replace(/\r\n\.\./g, '\r\n.')
          buffer = buffer.slice(end + 5)
          inData = false
          if (failures > 0) {
            failures -= 1
            reply('451 4.3.0 temporarily unavailable')
          } else {
            received.push({
              from,
              to,
              raw,
              subject: headerOf(raw, 'Subject'),
              body: decodeQuotedPrintable(raw),
            })
            reply('250 2.0.0 queued')
          }
          from = ''
          to = []
          continue
        }
        const newline = buffer.indexOf('\r\n')
        if (newline === -1) {
          return
        }
        const line = buffer.slice(0, newline)
        buffer = buffer.slice(newline + 2)
        const command = line.slice(0, 4).toUpperCase()
        if (command === 'EHLO' || command === 'HELO') {
          reply('250 fake-smtp')
        } else if (command === 'MAIL') {
          from = /<([^>]*)>/.exec(line)?.[1] ?? ''
          reply('250 2.1.0 ok')
        } else if (command === 'RCPT') {
          to.push(/<([^>]*)>/.exec(line)?.[1] ?? '')
          reply('250 2.1.5 ok')
        } else if (command === 'DATA') {
          inData = true
          reply('354 end with <CRLF>.<CRLF>')
        } else if (command === 'QUIT') {
          reply('221 bye')
          socket.end()
        } else {
          reply('250 ok')
        }
      }
    })
    socket.on('error', () => socket.destroy())
  })

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    failNext(count: number) {
      failures = count
    },
    to(address: string) {
      return received.filter((mail) => mail.to.includes(address))
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

export type SmtpFake = Awaited<ReturnType<typeof startSmtpFake>>
