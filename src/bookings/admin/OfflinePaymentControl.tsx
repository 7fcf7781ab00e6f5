'use client'

import { useAuth, useFormFields } from '@payloadcms/ui'
import { useState } from 'react'

import { hasRole, type AuthUser } from '@/access/roles'
import { ActionBox, ActionButton } from '@/admin/actions/ActionBox'
import { formatRupees } from '@/shared/formatRupees'
import { useAdminAction } from '@/admin/actions/useAdminAction'

// Kept in step with OFFLINE_PAYMENT_METHODS in ../endpoints/offlinePayment (server-only).
const METHODS = ['cash', 'bank_transfer', 'upi', 'cheque', 'card']

type Recorded = {
  doc?: { status?: string; balanceDue?: number | null }
  payment?: { amount?: number; method?: string }
}

const recorded = ({ doc, payment }: Recorded) =>
  `Recorded ${formatRupees(Number(payment?.amount))} (${payment?.method}). ` +
  `Balance due ${formatRupees(Number(doc?.balanceDue ?? 0))}; booking ${doc?.status}.`

/**
 * "Record offline payment" on a live booking for finance, cs and super admins: money taken
 * at the office or by bank transfer, posted to `POST /api/bookings/:id/offline-payment`.
 */
export function OfflinePaymentControl() {
  const { user } = useAuth()
  const { id, busy, outcome, submit } = useAdminAction()
  const status = useFormFields(([fields]) => fields.status?.value)
  const balanceDue = useFormFields(([fields]) => fields.balanceDue?.value)
  const [amount, setAmount] = useState('')
  const [method, setMethod] = useState('cash')
  const [reference, setReference] = useState('')

  const allowed = hasRole(user as AuthUser, 'super_admin', 'finance', 'cs')
  if (!id || !allowed || !['pending', 'confirmed'].includes(String(status))) {
    return null
  }

  async function record() {
    const agreed = await submit<Recorded>({
      action: 'submit',
      path: `bookings/${id}/offline-payment`,
      body: { amount: Number(amount), method, reference: reference.trim() },
      done: 'Payment recorded',
      outcome: recorded,
    })
    if (agreed) {
      setAmount('')
      setReference('')
    }
  }

  return (
    <ActionBox name="obs-offline-payment" title="Record offline payment" outcome={outcome}>
      <label htmlFor="obs-offline-amount" style={{ display: 'block' }}>
        Amount in rupees (balance due {formatRupees(Number(balanceDue ?? 0))})
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
      <ActionButton
        id="obs-record-offline-payment"
        label="Record payment"
        busyLabel="Recording…"
        working={busy !== null}
        disabled={busy !== null || !(Number(amount) > 0)}
        onClick={record}
      />
    </ActionBox>
  )
}
