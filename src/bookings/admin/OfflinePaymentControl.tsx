'use client'

import { Button, toast, useAuth, useConfig, useDocumentInfo, useFormFields } from '@payloadcms/ui'
import { useRouter } from 'next/navigation'
import { useState } from 'react'

import { hasRole, type AuthUser } from '@/access/roles'
import { postAction, rupees } from '@/admin/actions/postAction'

// Kept in step with OFFLINE_PAYMENT_METHODS in ../endpoints/offlinePayment (server-only).
const METHODS = ['cash', 'bank_transfer', 'upi', 'cheque', 'card']

type Recorded = {
  doc?: { status?: string; balanceDue?: number | null }
  payment?: { amount?: number; method?: string }
}

/**
 * "Record offline payment" on a live booking for finance, cs and super admins: money taken
 * at the office or by bank transfer, posted to `POST /api/bookings/:id/offline-payment`.
 */
export function OfflinePaymentControl() {
  const { user } = useAuth()
  const { id } = useDocumentInfo()
  const { config } = useConfig()
  const router = useRouter()
  const status = useFormFields(([fields]) => fields.status?.value)
  const balanceDue = useFormFields(([fields]) => fields.balanceDue?.value)
  const [amount, setAmount] = useState('')
  const [method, setMethod] = useState('cash')
  const [reference, setReference] = useState('')
  const [busy, setBusy] = useState(false)
  const [outcome, setOutcome] = useState<string | null>(null)

  const allowed = hasRole(user as AuthUser, 'super_admin', 'finance', 'cs')
  if (!id || !allowed || !['pending', 'confirmed'].includes(String(status))) {
    return null
  }

  async function record() {
    setBusy(true)
    try {
      const url = `${config.serverURL}${config.routes.api}/bookings/${id}/offline-payment`
      const result = await postAction<Recorded>(url, {
        amount: Number(amount),
        method,
        reference: reference.trim(),
      })
      if (!result.ok) {
        toast.error(result.message)
        return
      }
      const { doc, payment } = result.body
      setOutcome(
        `Recorded ${rupees(Number(payment?.amount))} (${payment?.method}). ` +
          `Balance due ${rupees(Number(doc?.balanceDue ?? 0))}; booking ${doc?.status}.`,
      )
      setAmount('')
      setReference('')
      toast.success('Payment recorded')
      router.refresh()
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="obs-offline-payment" style={{ marginBottom: '1.5rem' }}>
      <h4 style={{ marginBottom: '0.5rem' }}>Record offline payment</h4>
      {outcome && (
        <p className="obs-offline-payment__outcome" role="status">
          {outcome}
        </p>
      )}
      <label htmlFor="obs-offline-amount" style={{ display: 'block' }}>
        Amount in rupees (balance due {rupees(Number(balanceDue ?? 0))})
      </label>
      <input
        id="obs-offline-amount"
        type="number"
        min="0.01"
        step="0.01"
        value={amount}
        onChange={(event) => setAmount(event.target.value)}
        style={{ width: '100%' }}
      />
      <label htmlFor="obs-offline-method" style={{ display: 'block' }}>
        Method
      </label>
      <select
        id="obs-offline-method"
        value={method}
        onChange={(event) => setMethod(event.target.value)}
        style={{ width: '100%' }}
      >
        {METHODS.map((option) => (
          <option key={option} value={option}>
            {option.replace('_', ' ')}
          </option>
        ))}
      </select>
      <label htmlFor="obs-offline-reference" style={{ display: 'block' }}>
        Receipt or transfer reference
      </label>
      <input
        id="obs-offline-reference"
        maxLength={120}
        value={reference}
        onChange={(event) => setReference(event.target.value)}
        style={{ width: '100%' }}
      />
      <Button
        buttonStyle="secondary"
        size="small"
        disabled={busy || !(Number(amount) > 0)}
        onClick={record}
        id="obs-record-offline-payment"
      >
        {busy ? 'Recording…' : 'Record payment'}
      </Button>
    </div>
  )
}
