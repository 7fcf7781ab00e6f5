'use client'

type TextNoteProps = {
  id: string
  label: string
  value: string
  onChange: (value: string) => void
  rows?: number
  maxLength?: number
}

/** The labelled free-text box the desk action boxes ask for (a reason, a note). */
export function TextNote({ id, label, value, onChange, rows = 3, maxLength = 500 }: TextNoteProps) {
  return (
    <>
      <label htmlFor={id} style={{ display: 'block', marginBottom: '0.25rem' }}>
        {label}
      </label>
      <textarea
        id={id}
        rows={rows}
        maxLength={maxLength}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        style={{ width: '100%' }}
      />
    </>
  )
}
