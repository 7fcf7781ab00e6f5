import type { PayloadRequest, TaskConfig } from 'payload'

import type { Payment } from '@/payload-types'

import { formatRupees } from '@/shared/formatRupees'

import { toPaise } from '../money'
import { callRazorpay, RazorpayCallError } from '../razorpay/client'
import type { RazorpayRefund } from '../razorpay/types'
import { handRefundFlag, type RefundEntry } from './ledger'
import { REFUND_TASK } from './requestRefund'
import { saveRefund } from './saveRefund'

type Input = { paymentId: number; refundId: string }

/**
 * A crash between Razorpay's answer and our commit would make a retry refund twice, so
 * before creating a refund the job looks for one it already made (tagged in its notes).
 */
async function findRefundMadeEarlier(razorpayPaymentId: string, refundId: string) {
  const list = await callRazorpay((client) =>
    client.payments.fetchMultipleRefund(razorpayPaymentId, { count: 100 }),
  )
  return (list.items as unknown as RazorpayRefund[]).find(
    (item) => !Array.isArray(item.notes) && item.notes?.refundId === refundId,
  )
}

async function createRefund(payment: Payment, refund: RefundEntry): Promise<RazorpayRefund> {
  const made = await callRazorpay((client) =>
    client.payments.refund(payment.razorpayPaymentId!, {
      amount: toPaise(refund.amount),
      speed: 'normal',
      receipt: refund.id!,
      notes: { refundId: refund.id!, bookingId: String(payment.booking) },
    }),
  )
  return made as unknown as RazorpayRefund
}

async function markFailed(req: PayloadRequest, input: Input, reason: string) {
  await saveRefund({
    req,
    paymentId: input.paymentId,
    match: (refund) => refund.id === input.refundId,
    change: (refund) => ({ ...refund, status: 'failed', failureReason: reason }),
    flag: `Refund ${input.refundId} was refused by Razorpay: ${reason}`,
  })
}

/**
 * The job's tries: the first and 6 retries, Payload waiting 2^(n-1) × 30 s after the n-th
 * failure (about half an hour in all) while Razorpay answers 5xx or 429 or cannot be reached.
 */
const REFUND_RETRIES = 6

/**
 * Called by Payload after every failed try; on the last one the job is never run again, so the
 * refund must not stay `queued` holding its amount with nobody told (review round 22). It is
 * marked `failed` (holding nothing, so finance can issue it again) and the payment flagged, as a
 * refusal is. Razorpay may have made the refund on a try whose answer was lost, so one last look
 * for it comes first, and the flag asks finance to check before issuing it again.
 */
async function giveUp(req: PayloadRequest, input: Input, triedBefore: number) {
  if (triedBefore < REFUND_RETRIES) {
    return
  }
  const payment = await req.payload.findByID({
    collection: 'payments',
    id: input.paymentId,
    depth: 0,
    req,
  })
  const refund = payment.refunds?.find((entry) => entry.id === input.refundId)
  if (!payment.razorpayPaymentId || !refund || refund.status !== 'queued') {
    return
  }
  const made = await findRefundMadeEarlier(payment.razorpayPaymentId, input.refundId).catch(
    () => undefined,
  )
  if (made) {
    await recordMade(req, input, made)
    return
  }
  const reason = `Razorpay could not be reached or kept failing for ${REFUND_RETRIES + 1} tries`
  const { changed } = await saveRefund({
    req,
    paymentId: input.paymentId,
    match: (entry) => entry.id === input.refundId,
    change: (entry) =>
      entry.status === 'queued' && !entry.razorpayRefundId
        ? { ...entry, status: 'failed', failureReason: reason }
        : null,
    flag:
      `Refund ${input.refundId} of ${formatRupees(refund.amount)} was not sent: ${reason}. ` +
      `Check Razorpay's dashboard for a refund noted with this id before issuing it again`,
  })
  if (changed) {
    req.payload.logger.error({
      msg: 'refund job gave up; refund marked failed for finance',
      paymentId: input.paymentId,
      refundId: input.refundId,
      amount: refund.amount,
      tries: triedBefore + 1,
    })
  }
}

/** Records a refund Razorpay made (or had made already) on its entry. */
async function recordMade(req: PayloadRequest, input: Input, made: RazorpayRefund) {
  await saveRefund({
    req,
    paymentId: input.paymentId,
    match: (entry) => entry.id === input.refundId,
    // A refund event may have landed first and already settled the entry.
    change: (entry) =>
      entry.status === 'queued'
        ? {
            ...entry,
            razorpayRefundId: made.id,
            status: made.status === 'processed' ? 'processed' : 'pending',
          }
        : entry.razorpayRefundId
          ? null
          : { ...entry, razorpayRefundId: made.id },
  })
}

/** Sends one reserved refund to Razorpay; retried with backoff while Razorpay is unreachable. */
export const refundTask: TaskConfig<'refundRazorpayPayment'> = {
  slug: REFUND_TASK,
  label: 'Refund a Razorpay payment',
  inputSchema: [
    { name: 'paymentId', type: 'number', required: true },
    { name: 'refundId', type: 'text', required: true },
  ],
  outputSchema: [{ name: 'razorpayRefundId', type: 'text' }],
  retries: { attempts: REFUND_RETRIES, backoff: { type: 'exponential', delay: 30_000 } },
  onFail: async ({ input, req, taskStatus }) => {
    try {
      await giveUp(req, input as Input, taskStatus?.totalTried ?? 0)
    } catch (err) {
      // Payload records the job's failure only after this returns: a throw here would escape
      // its runner (the whole run fails) and leave the job `processing` until reapStuckJobs.
      req.payload.logger.error({ err, msg: 'refund job could not give up', ...(input as Input) })
    }
  },
  handler: async ({ input, req }) => {
    const payment = await req.payload.findByID({
      collection: 'payments',
      id: input.paymentId,
      depth: 0,
      req,
    })
    const refund = payment.refunds?.find((entry) => entry.id === input.refundId)
    if (!refund || refund.razorpayRefundId || refund.status !== 'queued') {
      return { output: { razorpayRefundId: refund?.razorpayRefundId ?? '' } }
    }
    if (!payment.razorpayPaymentId) {
      // Desk refunds are no longer queued (requestRefund reserves them as owed by hand); a job
      // queued before that only hands its refund over to finance, still holding its amount.
      await saveRefund({
        req,
        paymentId: input.paymentId,
        match: (entry) => entry.id === input.refundId,
        change: (entry) => (entry.status === 'queued' ? { ...entry, status: 'pending' } : null),
        flag: handRefundFlag(payment, refund),
      })
      return { output: { razorpayRefundId: '' } }
    }

    let made: RazorpayRefund | undefined
    try {
      made =
        (await findRefundMadeEarlier(payment.razorpayPaymentId, input.refundId)) ??
        (await createRefund(payment, refund))
    } catch (err) {
      if (err instanceof RazorpayCallError && err.isRefusal) {
        req.payload.logger.warn({
          msg: 'refund refused by Razorpay',
          paymentId: payment.id,
          refundId: input.refundId,
          code: err.code,
        })
        await markFailed(req, input, err.message)
        return { output: { razorpayRefundId: '' } }
      }
      throw err
    }

    await recordMade(req, input, made)
    req.payload.logger.info({
      msg: 'refund sent to Razorpay',
      paymentId: payment.id,
      refundId: input.refundId,
      razorpayRefundId: made.id,
    })
    return { output: { razorpayRefundId: made.id } }
  },
}
