import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

import { FAST_PASSWORD_HASHING } from '../helpers/childNode'

export type Instance = { url: string; process: ChildProcess }

// npm test runs jest from the repository root.
const root = process.cwd()

/**
 * Starts an OBS instance in its own process on a free 127.0.0.1 port, on the test run's
 * database. `env` adds or overrides settings (REDIS_URL, OTP limits, ...). With
 * SCALE_LOG_DIR set, each instance's log goes to a file there, for diagnosing a failure.
 */
export function startInstance(env: Record<string, string | undefined> = {}): Promise<Instance> {
  // Node itself (not npx), so the PID signalled on stop is the instance's own.
  const bin = path.join(root, 'node_modules/payload/bin.js')
  const child = spawn(process.execPath, [bin, 'run', 'tests/scale/instance.ts'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      NODE_OPTIONS: `--conditions=production ${FAST_PASSWORD_HASHING}`,
      // The test process has already put the schema in place; two pushes would race.
      DB_PUSH: 'false',
      // Small pools: the test's PostgreSQL server is shared with other test runs.
      DATABASE_POOL_MAX: '3',
      CRON_ENABLED: 'false',
      ...env,
    },
  })
  let output = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`instance did not start within 120 s:\n${output.slice(-2000)}`))
    }, 120_000)
    child.stderr!.on('data', (chunk) => (output += chunk))
    if (process.env.SCALE_LOG_DIR) {
      const log = fs.createWriteStream(
        path.join(process.env.SCALE_LOG_DIR, `instance-${child.pid}.log`),
      )
      child.stdout!.pipe(log)
      child.stderr!.pipe(log)
    }
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk
      const line = /\{"port":(\d+)\}/.exec(output)
      if (line) {
        clearTimeout(timer)
        resolve({ url: `http://127.0.0.1:${line[1]}`, process: child })
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`instance exited with ${code}:\n${output.slice(-2000)}`))
    })
  })
}

export async function stopInstance(instance: Instance | undefined): Promise<void> {
  if (!instance || instance.process.exitCode !== null) {
    return
  }
  const exited = new Promise((resolve) => instance.process.once('exit', resolve))
  instance.process.kill('SIGTERM')
  const timer = setTimeout(() => instance.process.kill('SIGKILL'), 10_000)
  await exited
  clearTimeout(timer)
}
