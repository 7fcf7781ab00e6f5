import net from 'node:net'

/**
 * An SMTP relay that stops answering (a relay under load, a tarpit, a half-dead connection):
 * at `greeting` it accepts the connection and never greets; at `rcpt` it greets, takes EHLO and
 * MAIL, and never answers RCPT. The client waits for its own timeouts. `reached` resolves once
 * a client is held.
 */
export async function stallingSmtp(at: 'greeting' | 'rcpt' = 'rcpt') {
  const sockets = new Set<net.Socket>()
  let held: () => void = () => undefined
  const reached = new Promise<void>((resolve) => (held = resolve))
  const server = net.createServer((socket) => {
    sockets.add(socket)
    socket.on('error', () => undefined)
    if (at === 'greeting') {
      held()
      return
    }
    socket.write('220 stalling-smtp ready\r\n')
    let buffer = ''
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1')
      let end: number
      while ((end = buffer.indexOf('\r\n')) !== -1) {
        const verb = buffer.slice(0, 4).toUpperCase()
        buffer = buffer.slice(end + 2)
        if (verb === 'EHLO' || verb === 'HELO' || verb === 'MAIL') {
          socket.write('250 ok\r\n')
        } else {
          held() // RCPT: never answered
        }
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  return {
    url: `smtp://127.0.0.1:${port}`,
    reached,
    close: async () => {
      for (const socket of sockets) {
        socket.destroy()
      }
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
