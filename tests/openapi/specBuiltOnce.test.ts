import { describe, expect, it } from '@jest/globals'
import type { Endpoint, PayloadRequest } from 'payload'

import { completedSpecEndpoint } from '@/openapi'

const generatedSpec = { openapi: '3.0.3', paths: {}, components: {} }

function payloadOapiStandIn(answers: Array<() => Response>) {
  let calls = 0
  const endpoint: Endpoint = {
    path: '/openapi.json',
    method: 'get',
    handler: async () => answers[Math.min(calls++, answers.length - 1)](),
  }
  return { endpoint, calls: () => calls }
}

const req = {} as PayloadRequest

describe('GET /api/openapi.json', () => {
  it('builds the document once per process and answers every later request from memory', async () => {
    const oapi = payloadOapiStandIn([() => Response.json(generatedSpec)])
    const served = completedSpecEndpoint(oapi.endpoint)

    const answers = await Promise.all([1, 2, 3].map(() => served.handler(req)))
    const again = await served.handler(req)

    expect(oapi.calls()).toBe(1)
    const bodies = await Promise.all([...answers, again].map((answer) => answer.json()))
    expect(new Set(bodies.map((body) => JSON.stringify(body))).size).toBe(1)
    expect(bodies[0]).toMatchObject({ info: { title: 'OBS Trekking Tribe API' } })
    expect(again.headers.get('content-type')).toBe('application/json')
  })

  it('tries again after a failed build instead of keeping the failure', async () => {
    const oapi = payloadOapiStandIn([
      () => new Response('boom', { status: 500 }),
      () => Response.json(generatedSpec),
    ])
    const served = completedSpecEndpoint(oapi.endpoint)

    await expect(served.handler(req)).rejects.toThrow('payload-oapi answered 500')
    const retried = await served.handler(req)

    expect(retried.status).toBe(200)
    expect(oapi.calls()).toBe(2)
  })
})
