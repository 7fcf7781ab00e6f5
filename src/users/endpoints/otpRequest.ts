import type { Endpoint } from 'payload'

import { sendCode } from '../auth/otp'
import { normalisePhone } from '../auth/phone'
import { readBody } from '../auth/requestInput'
import { jsonResponse } from '../auth/respond'

/** POST /api/users/otp/request {phone}: the same 202 whether or not the phone has an account. */
export const otpRequestEndpoint: Endpoint = {
  path: '/otp/request',
  method: 'post',
  handler: async (req) => {
    const phone = normalisePhone((await readBody(req)).phone)
    await sendCode(req, phone)
    return jsonResponse(
      req,
      { message: 'If the number can receive SMS, a code is on its way.' },
      202,
    )
  },
}
