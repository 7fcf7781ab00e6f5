import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'

import { FAST_PASSWORD_HASHING } from '../helpers/childNode'

export type ChildServer = { url: string; process: ChildProcess; kill: () => Promise<void> }

const SCRIPT = path.resolve('tests/faults/serverProcess.ts')

/**
 * Starts the service in its own process on the run's database and waits for its address.
 * `kill` sends SIGKILL: no shutdown hooks, no finished requests, as a crash or OOM kill.
 */
export async function startChildServer(env: Record<string, string> = {}): Promise<ChildServer> {
  // tsx (what `payload run` uses) directly: the CLI would load the whole config twice.
  const child = spawn(
    process.execPath,
    ['--conditions=production', FAST_PASSWORD_HASHING, '--import', 'tsx', SCRIPT],
    {
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        CRON_ENABLED: 'false',
        // The test run already made the schema; pushing it again only slows the start.
        DB_PUSH: 'false',
        DISABLE_LOGGING: 'true',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 45_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /LISTENING (http:\/\/127\.0\.0\.1:\d+)/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve(match[1])
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('exit', (code) => reject(new Error(`server exited (${code}):\n${output}`)))
  })
  return {
    url,
    process: child,
    kill: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          return resolve()
        }
        child.once('exit', () => resolve())
        child.kill('SIGKILL')
      }),
  }
}
