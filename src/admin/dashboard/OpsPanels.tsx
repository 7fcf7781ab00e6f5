import type { Batch } from '@/payload-types'

import { formatDate, formatDateTime, formatRupees } from './businessDay'
import { Panel } from './Panel'
import type { IncidentRow } from './queries'
import { adminLink, docOf, trekName } from './relations'

const occupancy = (batch: Batch) => {
  const booked = batch.bookedSeats ?? 0
  const percent = batch.totalSeats > 0 ? Math.round((booked / batch.totalSeats) * 100) : 0
  return `${booked}/${batch.totalSeats} (${percent}%)`
}

export function UpcomingBatchesPanel({ batches, mine }: { batches: Batch[]; mine: boolean }) {
  return (
    <Panel
      id="upcomingBatches"
      title={mine ? 'My upcoming batches' : 'Upcoming batches'}
      empty="No open or full batch ahead."
      rows={batches}
      href={(batch) => adminLink('batches', batch.id)}
      columns={[
        { label: 'Trek', cell: (batch) => trekName(batch) },
        { label: 'Starts', cell: (batch) => formatDate(batch.startDate) },
        { label: 'Occupancy', cell: occupancy },
        { label: 'Price', cell: (batch) => formatRupees(batch.price) },
        { label: 'Status', cell: (batch) => batch.status },
      ]}
    />
  )
}

const person = (value: IncidentRow['trekker']) => {
  const trekker = docOf(value)
  return trekker
    ? [trekker.firstName, trekker.lastName].filter(Boolean).join(' ') || trekker.email
    : '—'
}

export function OpenIncidentsPanel({ incidents }: { incidents: IncidentRow[] | null }) {
  if (incidents === null) {
    return (
      <section className="obs-panel" data-panel="openIncidents">
        <header className="obs-panel__header">
          <h3>Open incidents</h3>
        </header>
        <p className="obs-panel__empty">SOS incidents are not enabled on this server.</p>
      </section>
    )
  }
  return (
    <Panel
      id="openIncidents"
      title="Open incidents"
      empty="No open incident."
      rows={incidents}
      href={(incident) => adminLink('incidents', incident.id)}
      columns={[
        { label: 'When', cell: (incident) => formatDateTime(incident.occurredAt) },
        {
          label: 'Trekker',
          cell: (incident) =>
            incident.moreFromTrekker
              ? `${person(incident.trekker)} (+${incident.moreFromTrekker} more open)`
              : person(incident.trekker),
        },
        { label: 'Status', cell: (incident) => incident.status },
        { label: 'Message', cell: (incident) => incident.message ?? '' },
      ]}
    />
  )
}
