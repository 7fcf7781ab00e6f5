import { describe, expect, it, beforeAll } from '@jest/globals'

import { api } from './helpers/api'
import { testPayload } from './helpers/payload'

describe('GET /api/health', () => {
  beforeAll(async () => {
    await testPayload()
  })

  it('reports the database as up', async () => {
    const res = await api('GET', '/health')

    expect(res.status).toBe(200)
    expect(res.body.status).toBe('ok')
    expect(res.body.database.status).toBe('up')
  })
})
