'use client'

import { Button, toast, useAuth, useConfig, useDocumentInfo, useFormFields } from '@payloadcms/ui'
import { useRouter } from 'next/navigation'
import { useState } from 'react'

import { hasRole, type AuthUser } from '@/access/roles'
import { TextNote } from '@/admin/actions/TextNote'
import { postAction, rupees } from '@/admin/actions/postAction'

type Queued = { refund?: { amount?: number } }

/**
 * "Refund" on a successful payment for finance and super admins: posts to
 * `POST /api/payments/:id/refund`, which reserves the amount and queues the Razorpay call;
 * the refund's final state arrives later with Razorpay's events.
 */
export function RefundPaymentControl() {
  const { user } = useAuth()
  const { id } = useDocumentInfo()
  const { config } = useConfig()
  const router = useRouter()
  const status = useFormFields(([fields]) => fields.status?.value)
  const [amount, setAmount] = useState('')
  const [reason, setReason] = useState('')
  const [busy, setBusy] = useState(false)
  const [outcome, setOutcome] = useState<string | null>(null)

  const allowed = hasRole(user as AuthUser, 'super_admin', 'finance')
  if (!id || !allowed || status !== 'success') {
    return null
  }

  async function refund() {
    setBusy(true)
    try {
      const url = `${config.serverURL}${config.routes.api}/payments/${id}/refund`
      const result = await postAction<Queued>(url, {
        reason: reason.trim(),
        ...(amount.trim() ? { amount: Number(amount) } : {}),
      })
      if (!result.ok) {
        toast.error(result.message)
        return
      }
      setOutcome(`Refund of ${rupees(Number(result.body.refund?.amount))} queued with Razorpay.`)
      setAmount('')
      setReason('')
      toast.success('Refund queued')
      router.refresh()
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="obs-refund-payment" style={{ marginBottom: '1.5rem' }}>
      <h4 style={{ marginBottom: '0.5rem' }}>Refund</h4>
      {outcome && (
        <p className="obs-refund-payment__outcome" role="status">
          {outcome}
        </p>
      )}
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
      <Button
        buttonStyle="secondary"
        size="small"
        disabled={busy || reason.trim() === ''}
        onClick={refund}
        id="obs-refund-payment"
      >
        {busy ? 'Refunding…' : 'Queue refund'}
      </Button>
    </div>
  )
}
