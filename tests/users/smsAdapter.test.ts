import { afterEach, describe, expect, it, jest } from '@jest/globals'

import { consoleSmsAdapter, httpSmsAdapter, SmsDeliveryError } from '@/notifications/sms'

import { sendJson, startFakeServer } from './helpers/fakeServer'

const message = { to: '+919812345678', template: 'otp_code', params: { code: '123456' } }

describe('console SMS adapter', () => {
  afterEach(() => {
    jest.restoreAllMocks()
  })

  it('prints the whole message outside production, so a developer can read the code', async () => {
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true)
    await consoleSmsAdapter({ isProduction: false })(message)
    const printed = write.mock.calls.map((call) => String(call[0])).join('')
    write.mockRestore()
    expect(printed).toContain('+919812345678: 123456 is your OBS sign-in code')
  })

  it('prints nothing of the message in production', async () => {
    const lines: string[] = []
    for (const level of ['log', 'info', 'warn', 'error'] as const) {
      jest
        .spyOn(console, level)
        .mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')))
    }
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
      lines.push(String(chunk))
      return true
    })
    await consoleSmsAdapter({ isProduction: true })(message)
    write.mockRestore()
    expect(lines.join('\n')).not.toContain('123456')
    expect(lines.join('\n')).not.toContain('+919812345678')
  })
})

describe('HTTP SMS adapter', () => {
  it('posts the DLT template id, sender and params with the API key', async () => {
    const seen: Array<{
      headers: Record<string, unknown>
      body: any
      method?: string
      url?: string
    }> = []
    const server = await startFakeServer((req, body, res) => {
      seen.push({ headers: req.headers, body: JSON.parse(body), method: req.method, url: req.url })
      sendJson(res, 200, { ok: true })
    })
    try {
      await httpSmsAdapter({
        url: `${server.url}/v1/send`,
        apiKey: 'key-1',
        senderId: 'OBSTRK',
        templateIds: { otp_code: '1107161234567890123' },
      })(message)
    } finally {
      await server.close()
    }
    expect(seen).toHaveLength(1)
    expect(seen[0].method).toBe('POST')
    expect(seen[0].url).toBe('/v1/send')
    expect(seen[0].headers['x-api-key']).toBe('key-1')
    expect(seen[0].headers['content-type']).toBe('application/json')
    expect(seen[0].body).toEqual({
      to: '+919812345678',
      sender: 'OBSTRK',
      templateId: '1107161234567890123',
      params: { code: '123456' },
    })
  })

  it('fails with the provider status only, never its body', async () => {
    const server = await startFakeServer((_req, body, res) =>
      sendJson(res, 400, { echo: JSON.parse(body) }),
    )
    try {
      const sending = httpSmsAdapter({ url: server.url, senderId: 'OBSTRK', templateIds: {} })(
        message,
      )
      await expect(sending).rejects.toThrow(new SmsDeliveryError('SMS provider answered 400', 400))
      await sending.catch((err: Error) => expect(err.message).not.toContain('123456'))
    } finally {
      await server.close()
    }
  })

  it('fails clearly when the provider cannot be reached', async () => {
    const server = await startFakeServer((_req, _body, res) => sendJson(res, 200, {}))
    const url = server.url
    await server.close()
    const sending = httpSmsAdapter({ url, senderId: 'OBSTRK', templateIds: {} })(message)
    await expect(sending).rejects.toThrow(/SMS provider unreachable/)
  })
})
