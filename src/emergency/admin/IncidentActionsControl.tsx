'use client'

import { Button, toast, useAuth, useConfig, useDocumentInfo, useFormFields } from '@payloadcms/ui'
import { useRouter } from 'next/navigation'
import { useState } from 'react'

import type { AuthUser } from '@/access/roles'
import { postAction } from '@/admin/actions/postAction'
import { TextNote } from '@/admin/actions/TextNote'

import { canHandleIncidents } from '../access'

type IncidentAction = 'acknowledge' | 'notes' | 'resolve'

const DONE: Record<IncidentAction, string> = {
  acknowledge: 'Incident acknowledged',
  notes: 'Note added to the log',
  resolve: 'Incident resolved',
}

/**
 * "Incident actions" on an incident's edit view for ops and support (and super admins):
 * acknowledge, add a note, resolve, each through `POST /api/incidents/:id/<action> {note}`
 * with the admin's session cookie, so the log entry, its time and author are written by
 * the endpoint exactly as for the ops app. This box only collects the note and reports.
 */
export function IncidentActionsControl() {
  const { user } = useAuth()
  const { id } = useDocumentInfo()
  const { config } = useConfig()
  const router = useRouter()
  const status = String(useFormFields(([fields]) => fields.status?.value) ?? '')
  const [note, setNote] = useState('')
  const [busy, setBusy] = useState<IncidentAction | null>(null)
  const [outcome, setOutcome] = useState<string | null>(null)

  if (!id || !canHandleIncidents(user as AuthUser)) {
    return null
  }

  async function run(action: IncidentAction) {
    setBusy(action)
    try {
      const url = `${config.serverURL}${config.routes.api}/incidents/${id}/${action}`
      const result = await postAction<{ message?: string }>(url, { note: note.trim() })
      if (!result.ok) {
        toast.error(result.message)
        return
      }
      setNote('')
      setOutcome(DONE[action])
      toast.success(DONE[action])
      // Reloads the document so status, the timestamps and the log show the change.
      router.refresh()
    } finally {
      setBusy(null)
    }
  }

  return (
    <div className="obs-incident-actions" style={{ marginBottom: '1.5rem' }}>
      <h4 style={{ marginBottom: '0.5rem' }}>Incident actions</h4>
      {outcome && (
        <p className="obs-incident-actions__outcome" role="status">
          {outcome}
        </p>
      )}
      <TextNote
        id="obs-incident-note"
        label="Note (added to the log with your name and the time)"
        value={note}
        onChange={setNote}
        maxLength={2000}
      />
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: '0.5rem' }}>
        {status === 'open' && (
          <Button
            buttonStyle="secondary"
            size="small"
            disabled={busy !== null}
            onClick={() => run('acknowledge')}
            id="obs-incident-acknowledge"
          >
            {busy === 'acknowledge' ? 'Acknowledging…' : 'Acknowledge'}
          </Button>
        )}
        <Button
          buttonStyle="secondary"
          size="small"
          disabled={busy !== null || note.trim() === ''}
          onClick={() => run('notes')}
          id="obs-incident-add-note"
        >
          {busy === 'notes' ? 'Adding…' : 'Add note'}
        </Button>
        {status !== 'resolved' && (
          <Button
            buttonStyle="secondary"
            size="small"
            disabled={busy !== null}
            onClick={() => run('resolve')}
            id="obs-incident-resolve"
          >
            {busy === 'resolve' ? 'Resolving…' : 'Resolve'}
          </Button>
        )}
      </div>
      {status !== 'resolved' && (
        <p style={{ opacity: 0.7, fontSize: '0.85em' }}>
          The note is optional for Acknowledge and Resolve (it becomes the log entry).
        </p>
      )}
    </div>
  )
}
