'use client'

import { useAuth, useFormFields } from '@payloadcms/ui'
import { useState } from 'react'

import { hasRole, type AuthUser } from '@/access/roles'
import { ActionBox, ActionButton } from '@/admin/actions/ActionBox'
import { formatRupees } from '@/shared/formatRupees'
import { TextNote } from '@/admin/actions/TextNote'
import { useAdminAction } from '@/admin/actions/useAdminAction'

type Queued = { refund?: { amount?: number; status?: string } }

/**
 * "Refund" on a successful payment for finance and super admins: posts to
 * `POST /api/payments/:id/refund`, which reserves the amount and queues the Razorpay call;
 * the refund's final state arrives later with Razorpay's events. On a desk payment the
 * refund is owed by hand instead (HandRefundPaidControl records the payout).
 */
export function RefundPaymentControl() {
  const { user } = useAuth()
  const { id, busy, outcome, submit } = useAdminAction()
  const status = useFormFields(([fields]) => fields.status?.value)
  const [amount, setAmount] = useState('')
  const [reason, setReason] = useState('')

  const allowed = hasRole(user as AuthUser, 'super_admin', 'finance')
  if (!id || !allowed || status !== 'success') {
    return null
  }

  async function refund() {
    const agreed = await submit<Queued>({
      action: 'submit',
      path: `payments/${id}/refund`,
      body: { reason: reason.trim(), ...(amount.trim() ? { amount: Number(amount) } : {}) },
      done: 'Refund queued',
      // A desk payment's refund is reserved as pending, to be paid back by hand.
      outcome: (queued) =>
        queued.refund?.status === 'pending'
          ? `Refund of ${formatRupees(Number(queued.refund?.amount))} reserved: pay it back by hand, ` +
            'then record it under "Refund paid by hand".'
          : `Refund of ${formatRupees(Number(queued.refund?.amount))} queued with Razorpay.`,
    })
    if (agreed) {
      setAmount('')
      setReason('')
    }
  }

  return (
    <ActionBox name="obs-refund-payment" title="Refund" outcome={outcome}>
      <label htmlFor="obs-refund-amount" style={{ display: 'block' }}>
        Amount in rupees (empty: everything still refundable)
      </label>
      <input
        id="obs-refund-amount"
        type="number"
        min="0.01"
        step="0.01"
        value={amount}
        onChange={(event) => setAmount(event.target.value)}
        style={{ width: '100%' }}
      />
      <TextNote
        id="obs-refund-reason"
        label="Reason"
        value={reason}
        onChange={setReason}
        rows={2}
      />
      <ActionButton
        id="obs-refund-payment"
        label="Queue refund"
        busyLabel="Refunding…"
        working={busy !== null}
        disabled={busy !== null || reason.trim() === ''}
        onClick={refund}
      />
    </ActionBox>
  )
}
