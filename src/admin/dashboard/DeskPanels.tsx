import type { Booking, Payment, Trek } from '@/payload-types'

import { formatDateTime, formatRupees } from './businessDay'
import { Panel, type Column } from './Panel'
import type { PaymentsToday } from './queries'
import { adminLink, batchLabel, docOf } from './relations'

const bookingColumns: Column<Booking>[] = [
  { label: 'Trekker', cell: (booking) => booking.trekkerName ?? booking.trekkerEmail ?? '—' },
  { label: 'Batch', cell: batchLabel },
  { label: 'Status', cell: (booking) => booking.status },
  { label: 'Amount', cell: (booking) => formatRupees(booking.finalAmount) },
]

export function BookingsPanel(props: {
  id: string
  title: string
  bookings: Booking[]
  when: 'createdAt' | 'updatedAt'
}) {
  const { id, title, bookings, when } = props
  return (
    <Panel
      id={id}
      title={title}
      empty="Nothing yet."
      rows={bookings}
      href={(booking) => adminLink('bookings', booking.id)}
      columns={[
        ...bookingColumns,
        {
          label: when === 'createdAt' ? 'Booked' : 'Changed',
          cell: (booking) => formatDateTime(booking[when]),
        },
      ]}
    />
  )
}

export function PaymentsTodayPanel({ today }: { today: PaymentsToday }) {
  const exportHref = `/api/payments/export?from=${today.date}&to=${today.date}`
  return (
    <Panel<Payment>
      id="paymentsToday"
      title={`Payments today (${today.date}, Asia/Kolkata)`}
      empty="No payment today yet."
      rows={today.latest}
      href={(payment) => adminLink('payments', payment.id)}
      actions={
        <a className="btn btn--style-secondary btn--size-small" href={exportHref} download>
          Export CSV
        </a>
      }
      summary={
        <p className="obs-panel__summary">
          {Object.entries(today.counts)
            .map(([status, count]) => `${count} ${status}`)
            .join(' · ')}
        </p>
      }
      columns={[
        { label: 'Time', cell: (payment) => formatDateTime(payment.createdAt) },
        { label: 'Amount', cell: (payment) => formatRupees(payment.amount) },
        { label: 'Status', cell: (payment) => payment.status },
        { label: 'Method', cell: (payment) => payment.method ?? '—' },
        {
          label: 'Booking',
          cell: (payment) => docOf<Booking>(payment.booking)?.trekkerName ?? '—',
        },
      ]}
    />
  )
}

export function DraftTreksPanel({ treks }: { treks: Trek[] }) {
  return (
    <Panel
      id="draftTreks"
      title="Draft treks"
      empty="No draft trek."
      rows={treks}
      href={(trek) => adminLink('treks', trek.id)}
      columns={[
        { label: 'Trek', cell: (trek) => trek.name },
        { label: 'Region', cell: (trek) => docOf<{ name: string }>(trek.region)?.name ?? '—' },
        { label: 'Last edited', cell: (trek) => formatDateTime(trek.updatedAt) },
      ]}
    />
  )
}
