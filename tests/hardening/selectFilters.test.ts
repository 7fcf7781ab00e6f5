import { afterEach, beforeAll, expect, it } from '@jest/globals'

import { api } from '../helpers/api'
import { captureLogOutput } from '../helpers/logOutput'
import { testPayload } from '../helpers/payload'

let capture: ReturnType<typeof captureLogOutput> | undefined

beforeAll(async () => {
  await testPayload()
})

afterEach(() => {
  capture?.stop()
  capture = undefined
})

/** Pino's error level. */
const ERROR = 50

/**
 * A select field is a PostgreSQL enum: a filter value outside its options was 400 only after the
 * database refused the query, logged at ERROR for anyone to cause (review round 38). The guard
 * names the options instead, and nothing is logged at error.
 */
it('answers a select filter outside its options 400 naming them, logging nothing at error', async () => {
  capture = captureLogOutput()
  const answers = []
  for (const path of [
    '/badges?where[rule][equals]=x',
    '/badges?where[rule][in]=x,first_post',
    '/treks?where[difficulty][not_equals]=x',
    '/posts?where[status][equals]=x',
  ]) {
    const res = await api('GET', path)
    answers.push([path, res.status, res.body.errors?.[0]?.message])
  }
  expect(answers).toEqual([
    [
      '/badges?where[rule][equals]=x',
      400,
      expect.stringMatching(/^where\[rule\]\[equals\] must be one of: first_trek_completed, /),
    ],
    ['/badges?where[rule][in]=x,first_post', 400, expect.stringMatching(/^where\[rule\]\[in\]/)],
    [
      '/treks?where[difficulty][not_equals]=x',
      400,
      'where[difficulty][not_equals] must be one of: easy, moderate, difficult, very_difficult',
    ],
    [
      '/posts?where[status][equals]=x',
      400,
      'where[status][equals] must be one of: published, hidden',
    ],
  ])
  // A value among the options still filters.
  expect((await api('GET', '/treks?where[difficulty][equals]=easy&limit=1')).status).toBe(200)
  const errors = capture
    .text()
    .split('\n')
    .filter(
      (line) => line.startsWith('{') && (JSON.parse(line) as { level: number }).level >= ERROR,
    )
  expect(errors).toEqual([])
})
