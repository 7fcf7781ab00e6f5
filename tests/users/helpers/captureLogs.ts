import type { Payload } from 'payload'

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const

/**
 * Records everything written through payload.logger and console while it is on, so a test
 * can assert that no code, token or hash was ever logged.
 */
export function captureLogs(payload: Payload) {
  const lines: string[] = []
  const logger = payload.logger as unknown as Record<string, (...args: unknown[]) => unknown>
  const originals = LEVELS.map((level) => [level, logger[level]] as const)
  for (const [level, original] of originals) {
    logger[level] = function (this: unknown, ...args: unknown[]) {
      lines.push(args.map((arg) => (typeof arg === 'string' ? arg : safeJson(arg))).join(' '))
      return original.apply(this, args)
    }
  }
  const consoleOriginals = (['log', 'info', 'warn', 'error'] as const).map(
    (name) => [name, console[name]] as const,
  )
  for (const [name, original] of consoleOriginals) {
    console[name] = (...args: unknown[]) => {
      lines.push(args.map((arg) => (typeof arg === 'string' ? arg : safeJson(arg))).join(' '))
      original.apply(console, args)
    }
  }
  return {
    text: () => lines.join('\n'),
    stop() {
      for (const [level, original] of originals) {
        logger[level] = original
      }
      for (const [name, original] of consoleOriginals) {
        console[name] = original
      }
    },
  }
}

function safeJson(value: unknown): string {
  if (value instanceof Error) {
    return `${value.name}: ${value.message}`
  }
  try {
    return JSON.stringify(value, (_key, inner) =>
      inner instanceof Error ? `${inner.name}: ${inner.message}` : inner,
    )
  } catch {
    return String(value)
  }
}
