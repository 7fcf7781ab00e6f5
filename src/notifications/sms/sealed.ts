import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'

import { env } from '@/config/env'

/**
 * A queued job keeps its input in the database until it runs. An OTP code must not sit there
 * in clear, so the job carries it sealed (AES-256-GCM, key derived from PAYLOAD_SECRET).
 */
function key(): Buffer {
  return Buffer.from(hkdfSync('sha256', env.payloadSecret, 'obs-sms', 'sealed-sms-params', 32))
}

export function seal(value: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key(), iv)
  const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()])
  return [iv, cipher.getAuthTag(), body].map((part) => part.toString('base64url')).join('.')
}

export function unseal(sealed: string): string {
  const [iv, tag, body] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'))
  const decipher = createDecipheriv('aes-256-gcm', key(), iv)
  decipher.setAuthTag(tag)
  return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8')
}
