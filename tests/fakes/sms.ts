import http from 'node:http'

/** One message as the HTTP SMS provider received it (DLT style: template id and variables). */
export type ReceivedSms = {
  to: string
  sender?: string
  templateId: string
  params: Record<string, string>
  apiKey?: string
}

/**
 * A DLT-style SMS provider on 127.0.0.1 (random port): POST JSON `{ to, sender, templateId,
 * params }`. `failNext(n, status)` answers the next n requests with an error, recording nothing.
 */
export async function startSmsFake() {
  const received: ReceivedSms[] = []
  let failures = 0
  let failureStatus = 503

  const server = http.createServer((request, response) => {
    let body = ''
    request.on('data', (chunk) => (body += chunk))
    request.on('end', () => {
      if (request.method !== 'POST') {
        response.writeHead(405).end()
        return
      }
      if (failures > 0) {
        failures -= 1
        response.writeHead(failureStatus, { 'Content-Type': 'application/json' })
        response.end(JSON.stringify({ error: 'provider unavailable' }))
        return
      }
      try {
        const message = JSON.parse(body)
        received.push({ ...message, apiKey: request.headers['x-api-key'] as string | undefined })
        response.writeHead(200, { 'Content-Type': 'application/json' })
        response.end(JSON.stringify({ status: 'accepted', id: `sms-${received.length}` }))
      } catch {
        response.writeHead(400).end()
      }
    })
  })

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return {
    url: `http://127.0.0.1:${port}/send`,
    received,
    failNext(count: number, status = 503) {
      failures = count
      failureStatus = status
    },
    to(phone: string) {
      return received.filter((message) => message.to === phone)
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

export type SmsFake = Awaited<ReturnType<typeof startSmsFake>>
