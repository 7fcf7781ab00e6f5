import net from 'node:net'

/** An SMTP server that refuses every recipient as Postfix does, naming the address. */
export async function refusingSmtp() {
  const server = net.createServer((socket) => {
    const reply = (line: string) => socket.write(`${line}\r\n`)
    reply('220 refusing-smtp ready')
    let buffer = ''
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1')
      let end: number
      while ((end = buffer.indexOf('\r\n')) !== -1) {
        const line = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        const verb = line.slice(0, 4).toUpperCase()
        if (verb === 'EHLO' || verb === 'HELO') {
          reply('250 refusing-smtp')
        } else if (verb === 'MAIL') {
          reply('250 2.1.0 Ok')
        } else if (verb === 'RCPT') {
          const address = /<([^>]*)>/.exec(line)?.[1] ?? ''
          reply(`550 5.1.1 <${address}>: Recipient address rejected: User unknown`)
        } else if (verb === 'QUIT') {
          reply('221 2.0.0 Bye')
          socket.end()
        } else {
          reply('250 Ok')
        }
      }
    })
    socket.on('error', () => undefined)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  return {
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
