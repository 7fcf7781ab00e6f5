'use client'

import { Button } from '@payloadcms/ui'
import type { ReactNode } from 'react'

type ActionBoxProps = {
  /** The box's class; its outcome line is `<name>__outcome` (the browser tests find both). */
  name: string
  title: string
  outcome: string | null
  /** A one-off action (cancel) shows only its outcome once done; others stay usable. */
  outcomeReplacesForm?: boolean
  children: ReactNode
}

/** The frame of an admin action box: its title, the last outcome, then its fields. */
export function ActionBox({ name, title, outcome, outcomeReplacesForm, children }: ActionBoxProps) {
  return (
    <div className={name} style={{ marginBottom: '1.5rem' }}>
      <h4 style={{ marginBottom: '0.5rem' }}>{title}</h4>
      {outcome && (
        <p className={`${name}__outcome`} role="status">
          {outcome}
        </p>
      )}
      {outcomeReplacesForm && outcome ? null : children}
    </div>
  )
}

type ActionButtonProps = {
  id: string
  label: string
  busyLabel: string
  /** This button's request is under way. */
  working: boolean
  disabled: boolean
  onClick: () => void
}

export function ActionButton({
  id,
  label,
  busyLabel,
  working,
  disabled,
  onClick,
}: ActionButtonProps) {
  return (
    <Button buttonStyle="secondary" size="small" disabled={disabled} onClick={onClick} id={id}>
      {working ? busyLabel : label}
    </Button>
  )
}

/** The small print under a box's buttons. */
export function ActionHint({ children }: { children: ReactNode }) {
  return <p style={{ opacity: 0.7, fontSize: '0.85em' }}>{children}</p>
}
