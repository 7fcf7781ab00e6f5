'use client'

import { Button, toast, useAuth, useConfig, useDocumentInfo, useFormFields } from '@payloadcms/ui'
import { useRouter } from 'next/navigation'
import { useState } from 'react'

import { hasRole, type AuthUser } from '@/access/roles'
import { postAction } from '@/admin/actions/postAction'
import { TextNote } from '@/admin/actions/TextNote'

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
  const { id } = useDocumentInfo()
  const { config } = useConfig()
  const router = useRouter()
  const status = useFormFields(([fields]) => fields.status?.value)
  const [reason, setReason] = useState('')
  const [busy, setBusy] = useState(false)
  // Read from the module-level record first: the reload below may mount this field afresh.
  const [outcome, setOutcome] = useState<string | null>(() =>
    id ? (outcomesShown.get(String(id)) ?? null) : null,
  )

  const desk = hasRole(user as AuthUser, 'super_admin', 'ops_manager', 'cs')
  if (!id || !desk || (!outcome && !CANCELLABLE.includes(String(status)))) {
    return null
  }

  async function cancel() {
    setBusy(true)
    try {
      const url = `${config.serverURL}${config.routes.api}/bookings/${id}/cancel`
      const result = await postAction<CancelResponse>(url, { reason: reason.trim() })
      if (!result.ok) {
        toast.error(result.message)
        return
      }
      // The endpoint answers with the booking it read back after committing the cancel
      // (tests/bookings/cancelResponse.test.ts), so its refundDue is the stored one.
      const shown = cancelOutcome(result.body)
      outcomesShown.set(String(id), shown)
      setOutcome(shown)
      toast.success('Booking cancelled')
      // Reloads the document so status, refund due and the cancellation fields show.
      router.refresh()
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="obs-cancel-booking" style={{ marginBottom: '1.5rem' }}>
      <h4 style={{ marginBottom: '0.5rem' }}>Cancel booking</h4>
      {outcome ? (
        <p className="obs-cancel-booking__outcome" role="status">
          {outcome}
        </p>
      ) : (
        <>
          <TextNote
            id="obs-cancel-reason"
            label="Reason (told to the trekker)"
            value={reason}
            onChange={setReason}
          />
          <Button
            buttonStyle="secondary"
            size="small"
            disabled={busy || reason.trim() === ''}
            onClick={cancel}
            id="obs-cancel-booking"
          >
            {busy ? 'Cancelling…' : 'Cancel booking'}
          </Button>
          <p style={{ opacity: 0.7, fontSize: '0.85em' }}>
            Frees the seat and refunds what the cancellation policy gives back.
          </p>
        </>
      )}
    </div>
  )
}
