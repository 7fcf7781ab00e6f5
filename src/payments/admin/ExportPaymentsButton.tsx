import type { BeforeListTableServerProps } from 'payload'

import { hasRole, type AuthUser } from '@/access/roles'

/**
 * The finance export from the payments list: a small form that downloads the same CSV
 * as `GET /api/payments/export` (the admin session cookie signs the request in).
 * Only finance and super_admin see it; the endpoint enforces the same rule.
 */
export function ExportPaymentsButton({ user, payload }: BeforeListTableServerProps) {
  if (!hasRole(user as AuthUser, 'super_admin', 'finance')) {
    return null
  }
  const action = `${payload.config.routes.api}/payments/export`
  return (
    <form
      action={action}
      method="get"
      style={{
        display: 'flex',
        gap: '0.75rem',
        alignItems: 'end',
        marginBottom: '1rem',
        flexWrap: 'wrap',
      }}
    >
      <label>
        From <input type="date" name="from" />
      </label>
      <label>
        To <input type="date" name="to" />
      </label>
      <label>
        Status{' '}
        <select name="status" defaultValue="">
          <option value="">Any</option>
          <option value="pending">Pending</option>
          <option value="success">Success</option>
          <option value="failed">Failed</option>
          <option value="refunded">Refunded</option>
        </select>
      </label>
      <button type="submit" className="btn btn--style-secondary btn--size-small">
        Export CSV
      </button>
    </form>
  )
}
