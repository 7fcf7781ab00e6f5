'use client'

import { useAuth, useFormFields } from '@payloadcms/ui'
import { useState } from 'react'

import type { AuthUser } from '@/access/roles'
import { ActionBox, ActionButton, ActionHint } from '@/admin/actions/ActionBox'
import { TextNote } from '@/admin/actions/TextNote'
import { useAdminAction } from '@/admin/actions/useAdminAction'

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
  const { id, busy, outcome, submit } = useAdminAction<IncidentAction>()
  const status = String(useFormFields(([fields]) => fields.status?.value) ?? '')
  const [note, setNote] = useState('')

  if (!id || !canHandleIncidents(user as AuthUser)) {
    return null
  }

  async function run(action: IncidentAction) {
    const agreed = await submit({
      action,
      path: `incidents/${id}/${action}`,
      body: { note: note.trim() },
      done: DONE[action],
      outcome: () => DONE[action],
    })
    if (agreed) {
      setNote('')
    }
  }

  return (
    <ActionBox name="obs-incident-actions" title="Incident actions" outcome={outcome}>
      <TextNote
        id="obs-incident-note"
        label="Note (added to the log with your name and the time)"
        value={note}
        onChange={setNote}
        maxLength={2000}
      />
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: '0.5rem' }}>
        {status === 'open' && (
          <ActionButton
            id="obs-incident-acknowledge"
            label="Acknowledge"
            busyLabel="Acknowledging…"
            working={busy === 'acknowledge'}
            disabled={busy !== null}
            onClick={() => run('acknowledge')}
          />
        )}
        <ActionButton
          id="obs-incident-add-note"
          label="Add note"
          busyLabel="Adding…"
          working={busy === 'notes'}
          disabled={busy !== null || note.trim() === ''}
          onClick={() => run('notes')}
        />
        {status !== 'resolved' && (
          <ActionButton
            id="obs-incident-resolve"
            label="Resolve"
            busyLabel="Resolving…"
            working={busy === 'resolve'}
            disabled={busy !== null}
            onClick={() => run('resolve')}
          />
        )}
      </div>
      {status !== 'resolved' && (
        <ActionHint>
          The note is optional for Acknowledge and Resolve (it becomes the log entry).
        </ActionHint>
      )}
    </ActionBox>
  )
}
