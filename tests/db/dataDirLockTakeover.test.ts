import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { afterAll, afterEach, expect, it, jest } from '@jest/globals'

import { claimDataDir, EmbeddedDatabaseInUseError } from '@/db/embeddedDataDirLock'

import { START_MS, withinTime } from '../helpers/embeddedPayload'

/**
 * A lock naming a process that is gone is taken over, but by one opener only: two openers
 * that find the same stale lock at once must not both open the folder.
 */
const LOCK_FILE = 'opened-by.pid'
const dirs: string[] = []
const children: ChildProcess[] = []

function folderWithStaleLock() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'obs-stale-lock-'))
  dirs.push(dir)
  // The pid of a process that has exited: what a killed `npm run dev` leaves behind.
  const gone = spawnSync(process.execPath, ['-e', '']).pid
  fs.writeFileSync(path.join(dir, LOCK_FILE), `${gone}\n`)
  return { dir, lockFile: path.join(dir, LOCK_FILE), gone }
}

afterEach(() => {
  jest.restoreAllMocks()
})

afterAll(() => {
  for (const child of children) {
    child.kill('SIGKILL')
  }
  for (const dir of dirs) {
    fs.rmSync(dir, { recursive: true, force: true })
  }
})

it('takes a stale lock over', () => {
  const { dir, lockFile } = folderWithStaleLock()

  claimDataDir(dir, dir)

  expect(fs.readFileSync(lockFile, 'utf8').trim()).toBe(String(process.pid))
  expect(fs.readdirSync(dir)).toEqual([LOCK_FILE])
})

it('does not remove the lock another opener took over the moment after it judged it stale', () => {
  const { dir, lockFile, gone } = folderWithStaleLock()
  // Another live process (this one's parent stands in for it) takes the stale lock over just
  // after this opener has read the dead owner's pid, and before it acts on what it read.
  const other = process.ppid
  const read = fs.readFileSync
  let overtaken = false
  jest.spyOn(fs, 'readFileSync').mockImplementation(((file: fs.PathOrFileDescriptor, options) => {
    const text = read(file, options as BufferEncoding)
    if (!overtaken && String(text).trim() === String(gone)) {
      overtaken = true
      fs.rmSync(lockFile)
      fs.writeFileSync(lockFile, `${other}\n`)
    }
    return text
  }) as typeof fs.readFileSync)

  expect(() => claimDataDir(dir, dir)).toThrow(new EmbeddedDatabaseInUseError(dir, other))

  expect(overtaken).toBe(true)
  expect(read(lockFile, 'utf8').trim()).toBe(String(other))
  expect(fs.readdirSync(dir)).toEqual([LOCK_FILE])
})

it('stays out when a third opener locks the folder while the lock is moved aside', () => {
  const { dir, lockFile, gone } = folderWithStaleLock()
  const other = process.ppid
  const read = fs.readFileSync
  const rename = fs.renameSync
  let overtaken = false
  let third: fs.Stats | undefined
  jest.spyOn(fs, 'readFileSync').mockImplementation(((file: fs.PathOrFileDescriptor, options) => {
    const text = read(file, options as BufferEncoding)
    if (!overtaken && String(text).trim() === String(gone)) {
      overtaken = true
      fs.rmSync(lockFile)
      fs.writeFileSync(lockFile, `${other}\n`)
    }
    return text
  }) as typeof fs.readFileSync)
  jest.spyOn(fs, 'renameSync').mockImplementation((from, to) => {
    rename(from, to)
    if (!third && String(from) === lockFile) {
      fs.writeFileSync(lockFile, `${other}\n`)
      third = fs.statSync(lockFile)
    }
  })

  expect(() => claimDataDir(dir, dir)).toThrow(new EmbeddedDatabaseInUseError(dir, other))

  expect(third).toBeDefined()
  expect(fs.statSync(lockFile).ino).toBe(third!.ino)
  expect(fs.readdirSync(dir)).toEqual([LOCK_FILE])
})

it(
  'lets exactly one of several processes that find the same stale lock at once open the folder',
  async () => {
    const { dir, lockFile } = folderWithStaleLock()
    const script = path.resolve('tests/db/claimDataDir.ts')
    // Far enough ahead for every opener to have started and be waiting for the same instant.
    const startAt = Date.now() + 5_000
    const answers = Array.from({ length: 4 }, () => {
      const child = spawn(process.execPath, ['--import', 'tsx', script, dir, String(startAt)], {
        env: { ...process.env, NODE_OPTIONS: '' },
        stdio: ['ignore', 'pipe', 'inherit'],
      })
      children.push(child)
      return new Promise<{ pid: number; answer: string }>((resolve) => {
        let output = ''
        child.stdout!.on('data', (chunk: Buffer) => {
          output += chunk.toString()
          if (output.includes('\n')) {
            resolve({ pid: child.pid!, answer: output.trim() })
          }
        })
        child.once('exit', () => resolve({ pid: child.pid!, answer: output.trim() }))
      })
    })

    const opened = await withinTime(Promise.all(answers), 'Four openers answering', START_MS)

    const claimers = opened.filter((opener) => opener.answer === 'CLAIMED')
    expect(claimers).toHaveLength(1)
    const [winner] = claimers
    for (const opener of opened.filter((o) => o !== winner)) {
      expect(opener.answer).toBe(`IN USE ${winner.pid}`)
    }
    expect(fs.readFileSync(lockFile, 'utf8').trim()).toBe(String(winner.pid))
  },
  START_MS,
)
