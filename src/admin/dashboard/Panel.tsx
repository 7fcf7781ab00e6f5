import type { ReactNode } from 'react'

export type Column<Row> = { label: string; cell: (row: Row) => ReactNode }

type Props<Row> = {
  id: string
  title: string
  empty: string
  rows: Row[]
  columns: Column<Row>[]
  href?: (row: Row) => string
  actions?: ReactNode
  summary?: ReactNode
}

/** One dashboard card: a heading, optional actions and a short table linking to each row. */
export function Panel<Row extends { id: number | string }>(props: Props<Row>) {
  const { id, title, empty, rows, columns, href, actions, summary } = props
  return (
    <section className="obs-panel" data-panel={id} aria-labelledby={`obs-panel-${id}`}>
      <header className="obs-panel__header">
        <h3 id={`obs-panel-${id}`}>{title}</h3>
        {actions}
      </header>
      {summary}
      {rows.length === 0 ? (
        <p className="obs-panel__empty">{empty}</p>
      ) : (
        <table className="obs-panel__table">
          <thead>
            <tr>
              {columns.map((column) => (
                <th key={column.label}>{column.label}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id}>
                {columns.map((column, i) => (
                  <td key={column.label}>
                    {i === 0 && href ? (
                      <a href={href(row)}>{column.cell(row)}</a>
                    ) : (
                      column.cell(row)
                    )}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
