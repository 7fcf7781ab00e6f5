'use client'

import { toast, useConfig, useDocumentInfo } from '@payloadcms/ui'
import { useRouter } from 'next/navigation'
import { useState } from 'react'

import { postAction } from './postAction'

type Submission<T, K extends string> = {
  /** Which of the box's buttons is working, for its "…ing" label. */
  action: K
  /** The endpoint under the API route, e.g. `bookings/12/cancel`. */
  path: string
  body: unknown
  /** The toast once the endpoint agreed. */
  done: string
  /** The sentence the box keeps showing, read from the endpoint's answer. */
  outcome: (body: T) => string
}

type Options = {
  /**
   * Outcomes this browser tab was told, by document id. The refresh after an action may
   * mount the edit view's fields anew; a box whose outcome must survive that (the refund a
   * cancellation gave, read out to the trekker) passes a module-level map here.
   */
  remember?: Map<string, string>
}

/**
 * The scaffolding every admin action box shares: one request at a time, the endpoint's
 * refusal as an error toast, its answer as a lasting outcome line, then a refresh so the
 * document's fields show what the endpoint changed. The endpoint decides everything.
 */
export function useAdminAction<K extends string = 'submit'>({ remember }: Options = {}) {
  const { id } = useDocumentInfo()
  const { config } = useConfig()
  const router = useRouter()
  const [busy, setBusy] = useState<K | null>(null)
  const [outcome, setOutcome] = useState<string | null>(() =>
    id ? (remember?.get(String(id)) ?? null) : null,
  )

  /** Answers whether the endpoint agreed, so the box can clear what was typed. */
  async function submit<T>({ action, path, body, done, outcome: describe }: Submission<T, K>) {
    setBusy(action)
    try {
      const result = await postAction<T>(`${config.serverURL}${config.routes.api}/${path}`, body)
      if (!result.ok) {
        toast.error(result.message)
        return false
      }
      const shown = describe(result.body)
      remember?.set(String(id), shown)
      setOutcome(shown)
      toast.success(done)
      router.refresh()
      return true
    } finally {
      setBusy(null)
    }
  }

  return { id, busy, outcome, submit }
}
