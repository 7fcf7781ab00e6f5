'use client'

import { useAuth, useFormFields } from '@payloadcms/ui'
import { useState } from 'react'

import { hasRole, type AuthUser } from '@/access/roles'
import { ActionBox, ActionButton, ActionHint } from '@/admin/actions/ActionBox'
import { TextNote } from '@/admin/actions/TextNote'
import { useAdminAction } from '@/admin/actions/useAdminAction'

import { cancelOutcome, type CancelResponse } from './cancelOutcome'

// The statuses that still hold a seat (src/bookings/seats.ts, which is server-only).
const CANCELLABLE = ['pending', 'confirmed']

/**
 * What this browser tab was told when it cancelled each booking, by id. The reload after
 * the cancel may mount the edit view's fields anew (the form-driven version of this box
 * lost its state that way); the refund the desk reads out to the trekker must stay shown.
 */
const outcomesShown = new Map<string, string>()

/**
 * "Cancel booking" on a booking's edit view for the booking desk (cs, ops, super admin):
 * asks for the reason the endpoint requires, calls `POST /api/bookings/:id/cancel` with
 * the admin's session cookie and shows the refund the cancellation policy gave. The
 * endpoint decides everything; this only collects the reason and reports the outcome.
 */
export function CancelBookingControl() {
  const { user } = useAuth()
  const { id, busy, outcome, submit } = useAdminAction({ remember: outcomesShown })
  const status = useFormFields(([fields]) => fields.status?.value)
  const [reason, setReason] = useState('')

  const desk = hasRole(user as AuthUser, 'super_admin', 'ops_manager', 'cs')
  if (!id || !desk || (!outcome && !CANCELLABLE.includes(String(status)))) {
    return null
  }

  const cancel = () =>
    submit<CancelResponse>({
      action: 'submit',
      path: `bookings/${id}/cancel`,
      body: { reason: reason.trim() },
      done: 'Booking cancelled',
      // The endpoint answers with the booking it read back after committing the cancel
      // (tests/bookings/cancelResponse.test.ts), so its refundDue is the stored one.
      outcome: cancelOutcome,
    })

  return (
    <ActionBox
      name="obs-cancel-booking"
      title="Cancel booking"
      outcome={outcome}
      outcomeReplacesForm
    >
      <TextNote
        id="obs-cancel-reason"
        label="Reason (told to the trekker)"
        value={reason}
        onChange={setReason}
      />
      <ActionButton
        id="obs-cancel-booking"
        label="Cancel booking"
        busyLabel="Cancelling…"
        working={busy !== null}
        disabled={busy !== null || reason.trim() === ''}
        onClick={cancel}
      />
      <ActionHint>Frees the seat and refunds what the cancellation policy gives back.</ActionHint>
    </ActionBox>
  )
}
