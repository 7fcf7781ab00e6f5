/**
 * A cell a spreadsheet would run as a formula (= + - @, or a leading tab or carriage
 * return) is prefixed with an apostrophe so it stays text.
 */
export function neutralise(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
}

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) {
    return ''
  }
  const text = neutralise(String(value))
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export function csvRow(values: unknown[]): string {
  return `${values.map(csvCell).join(',')}\r\n`
}
