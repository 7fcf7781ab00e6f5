'use client'

import { PasswordField, useAuth, useDocumentInfo } from '@payloadcms/ui'
import type { TextFieldClientProps } from 'payload'

/**
 * "Current password" on one's own account only: the server asks for it beside a new password
 * or e-mail (a stolen session alone must not change them). A super admin setting someone
 * else's password is not asked, so the box is not shown there.
 */
export function CurrentPasswordField(props: TextFieldClientProps) {
  const { user } = useAuth()
  const { id } = useDocumentInfo()
  if (!user || id === undefined || String(user.id) !== String(id)) {
    return null
  }
  return (
    <PasswordField
      autoComplete="current-password"
      field={{ ...props.field, label: 'Current password' }}
      path={props.path}
      // Payload's own check is for a new password (required, long enough); this one is only
      // needed beside a change, and the server says when and whether it is right.
      validate={() => true}
    />
  )
}
