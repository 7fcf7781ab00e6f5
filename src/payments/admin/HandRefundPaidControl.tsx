'use client'

import { useAuth, useFormFields } from '@payloadcms/ui'
import { useMemo, useState } from 'react'

import { hasRole, type AuthUser } from '@/access/roles'
import { ActionBox, ActionButton } from '@/admin/actions/ActionBox'
import { formatRupees } from '@/shared/formatRupees'
import { useAdminAction } from '@/admin/actions/useAdminAction'

import { isOwedByHand, isPaidBackByHand, type RefundEntry } from '../refunds/ledger'

type Owed = { id: string; amount: number }

type Recorded = { refund?: { amount?: number }; payment?: { amountRefunded?: number } }

type FormFields = Record<string, { value?: unknown } | undefined>

/** The refunds of this payment still owed by hand, read from the form's flattened array rows. */
function owedByHand(fields: FormFields): Owed[] {
  const owed: Owed[] = []
  for (let row = 0; fields[`refunds.${row}.id`]; row++) {
    const status = fields[`refunds.${row}.status`]?.value as RefundEntry['status']
    if (isOwedByHand({ status })) {
      owed.push({
        id: String(fields[`refunds.${row}.id`]?.value),
        amount: Number(fields[`refunds.${row}.amount`]?.value),
      })
    }
  }
  return owed
}

/**
 * "Refund paid by hand" on a payment taken at the desk (no Razorpay payment id), for finance
 * and super admins: posts to `POST /api/payments/:id/refunds/:refundId/paid` once the money
 * was handed back, which settles the refund on the booking.
 */
export function HandRefundPaidControl() {
  const { user } = useAuth()
  const { id, busy, outcome, submit } = useAdminAction()
  const fields = useFormFields(([formFields]) => formFields) as FormFields
  const owed = useMemo(() => owedByHand(fields), [fields])
  const [chosen, setChosen] = useState('')
  const [reference, setReference] = useState('')

  const allowed = hasRole(user as AuthUser, 'super_admin', 'finance')
  const atDesk = isPaidBackByHand({
    razorpayPaymentId: fields.razorpayPaymentId?.value as string | null | undefined,
  })
  if (!id || !allowed || !atDesk || (owed.length === 0 && !outcome)) {
    return null
  }
  const refundId = owed.some((refund) => refund.id === chosen) ? chosen : owed[0]?.id

  async function record() {
    const agreed = await submit<Recorded>({
      action: 'submit',
      path: `payments/${id}/refunds/${refundId}/paid`,
      body: { reference: reference.trim() },
      done: 'Refund recorded as paid',
      outcome: (paid) =>
        `Refund of ${formatRupees(Number(paid.refund?.amount))} recorded as paid back by hand; ` +
        `${formatRupees(Number(paid.payment?.amountRefunded ?? 0))} refunded on this payment.`,
    })
    if (agreed) {
      setReference('')
    }
  }

  return (
    <ActionBox name="obs-hand-refund" title="Refund paid by hand" outcome={outcome}>
      {owed.length > 0 && (
        <>
          <label htmlFor="obs-hand-refund-choice" style={{ display: 'block' }}>
            Refund owed
          </label>
          <select
            id="obs-hand-refund-choice"
            value={refundId}
            onChange={(event) => setChosen(event.target.value)}
            style={{ width: '100%' }}
          >
            {owed.map((refund) => (
              <option key={refund.id} value={refund.id}>
                {formatRupees(refund.amount)} ({refund.id.slice(0, 8)})
              </option>
            ))}
          </select>
          <label htmlFor="obs-hand-refund-reference" style={{ display: 'block' }}>
            Voucher or transfer reference
          </label>
          <input
            id="obs-hand-refund-reference"
            maxLength={120}
            value={reference}
            onChange={(event) => setReference(event.target.value)}
            style={{ width: '100%' }}
          />
          <ActionButton
            id="obs-record-hand-refund"
            label="Record as paid"
            busyLabel="Recording…"
            working={busy !== null}
            disabled={busy !== null || reference.trim() === ''}
            onClick={record}
          />
        </>
      )}
    </ActionBox>
  )
}
