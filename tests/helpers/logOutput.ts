import { defaultLoggerOptions } from 'payload'

/**
 * Records what Payload's logger actually writes (after redaction), by tapping the stream the
 * configured logger writes to. Unlike wrapping the logger's methods, this sees the final lines.
 */
export function captureLogOutput() {
  const lines: string[] = []
  const stream = defaultLoggerOptions as unknown as { write: (...args: unknown[]) => boolean }
  const original = stream.write
  stream.write = function (this: unknown, chunk: unknown, ...rest: unknown[]) {
    lines.push(String(chunk))
    return original.call(this, chunk, ...rest)
  }
  return {
    text: () => lines.join(''),
    stop() {
      stream.write = original
    },
  }
}
