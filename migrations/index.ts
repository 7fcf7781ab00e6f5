import * as migration_20261204_174308_initial from './20261204_174308_initial';
import * as migration_20261204_185019_bookings_payments_sign_in_community_jobs from './20261204_185019_bookings_payments_sign_in_community_jobs';
import * as migration_20261204_210140_sign_in_email_change_pending_phone from './20261204_210140_sign_in_email_change_pending_phone';
import * as migration_20261204_213811_erasure_media_storage from './20261204_213811_erasure_media_storage';
import * as migration_20261204_235843_batch_label from './20261204_235843_batch_label';
import * as migration_20261205_010007_password_reset_job from './20261205_010007_password_reset_job';
import * as migration_20261205_024915_media_visibility from './20261205_024915_media_visibility';
import * as migration_20261205_040000_erased_accounts_stay_erased from './20261205_040000_erased_accounts_stay_erased';
import * as migration_20261205_060000_points_change_only_through_ledger from './20261205_060000_points_change_only_through_ledger';
import * as migration_20261205_070000_erased_accounts_follow_ledger from './20261205_070000_erased_accounts_follow_ledger';
import * as migration_20261205_070040_payment_reference from './20261205_070040_payment_reference';
import * as migration_20261205_084012_provider_link_origin from './20261205_084012_provider_link_origin';
import * as migration_20261205_091158_refund_payout_reference from './20261205_091158_refund_payout_reference';
import * as migration_20261205_093828_password_changed_notice from './20261205_093828_password_changed_notice';
import * as migration_20261205_112917_phone_changed_notice from './20261205_112917_phone_changed_notice';
import * as migration_20261205_120934_email_change_requested_by from './20261205_120934_email_change_requested_by';
import * as migration_20261205_123110_phone_changed_at from './20261205_123110_phone_changed_at';
import * as migration_20261205_125222_provider_linked_notice from './20261205_125222_provider_linked_notice';
import * as migration_20261205_151608_phone_taken_off_and_email_undo from './20261205_151608_phone_taken_off_and_email_undo';
import * as migration_20261205_153903_email_added_undo from './20261205_153903_email_added_undo';
import * as migration_20261205_162232_email_change_confirmed_at from './20261205_162232_email_change_confirmed_at';
import * as migration_20261205_162925_email_change_previous_phone_index from './20261205_162925_email_change_previous_phone_index';
import * as migration_20261205_182148_batch_called_off_reason from './20261205_182148_batch_called_off_reason';
import * as migration_20261206_004048_account_verification_task from './20261206_004048_account_verification_task';
import * as migration_20261206_020159_sign_in_state_purge_task from './20261206_020159_sign_in_state_purge_task';
import * as migration_20261206_095853_razorpay_event_early_refund from './20261206_095853_razorpay_event_early_refund';

export const migrations = [
  {
    up: migration_20261204_174308_initial.up,
    down: migration_20261204_174308_initial.down,
    name: '20261204_174308_initial',
  },
  {
    up: migration_20261204_185019_bookings_payments_sign_in_community_jobs.up,
    down: migration_20261204_185019_bookings_payments_sign_in_community_jobs.down,
    name: '20261204_185019_bookings_payments_sign_in_community_jobs',
  },
  {
    up: migration_20261204_210140_sign_in_email_change_pending_phone.up,
    down: migration_20261204_210140_sign_in_email_change_pending_phone.down,
    name: '20261204_210140_sign_in_email_change_pending_phone',
  },
  {
    up: migration_20261204_213811_erasure_media_storage.up,
    down: migration_20261204_213811_erasure_media_storage.down,
    name: '20261204_213811_erasure_media_storage',
  },
  {
    up: migration_20261204_235843_batch_label.up,
    down: migration_20261204_235843_batch_label.down,
    name: '20261204_235843_batch_label',
  },
  {
    up: migration_20261205_010007_password_reset_job.up,
    down: migration_20261205_010007_password_reset_job.down,
    name: '20261205_010007_password_reset_job',
  },
  {
    up: migration_20261205_024915_media_visibility.up,
    down: migration_20261205_024915_media_visibility.down,
    name: '20261205_024915_media_visibility',
  },
  {
    up: migration_20261205_040000_erased_accounts_stay_erased.up,
    down: migration_20261205_040000_erased_accounts_stay_erased.down,
    name: '20261205_040000_erased_accounts_stay_erased',
  },
  {
    up: migration_20261205_060000_points_change_only_through_ledger.up,
    down: migration_20261205_060000_points_change_only_through_ledger.down,
    name: '20261205_060000_points_change_only_through_ledger',
  },
  {
    up: migration_20261205_070000_erased_accounts_follow_ledger.up,
    down: migration_20261205_070000_erased_accounts_follow_ledger.down,
    name: '20261205_070000_erased_accounts_follow_ledger',
  },
  {
    up: migration_20261205_070040_payment_reference.up,
    down: migration_20261205_070040_payment_reference.down,
    name: '20261205_070040_payment_reference',
  },
  {
    up: migration_20261205_084012_provider_link_origin.up,
    down: migration_20261205_084012_provider_link_origin.down,
    name: '20261205_084012_provider_link_origin',
  },
  {
    up: migration_20261205_091158_refund_payout_reference.up,
    down: migration_20261205_091158_refund_payout_reference.down,
    name: '20261205_091158_refund_payout_reference',
  },
  {
    up: migration_20261205_093828_password_changed_notice.up,
    down: migration_20261205_093828_password_changed_notice.down,
    name: '20261205_093828_password_changed_notice',
  },
  {
    up: migration_20261205_112917_phone_changed_notice.up,
    down: migration_20261205_112917_phone_changed_notice.down,
    name: '20261205_112917_phone_changed_notice',
  },
  {
    up: migration_20261205_120934_email_change_requested_by.up,
    down: migration_20261205_120934_email_change_requested_by.down,
    name: '20261205_120934_email_change_requested_by',
  },
  {
    up: migration_20261205_123110_phone_changed_at.up,
    down: migration_20261205_123110_phone_changed_at.down,
    name: '20261205_123110_phone_changed_at',
  },
  {
    up: migration_20261205_125222_provider_linked_notice.up,
    down: migration_20261205_125222_provider_linked_notice.down,
    name: '20261205_125222_provider_linked_notice',
  },
  {
    up: migration_20261205_151608_phone_taken_off_and_email_undo.up,
    down: migration_20261205_151608_phone_taken_off_and_email_undo.down,
    name: '20261205_151608_phone_taken_off_and_email_undo',
  },
  {
    up: migration_20261205_153903_email_added_undo.up,
    down: migration_20261205_153903_email_added_undo.down,
    name: '20261205_153903_email_added_undo',
  },
  {
    up: migration_20261205_162232_email_change_confirmed_at.up,
    down: migration_20261205_162232_email_change_confirmed_at.down,
    name: '20261205_162232_email_change_confirmed_at',
  },
  {
    up: migration_20261205_162925_email_change_previous_phone_index.up,
    down: migration_20261205_162925_email_change_previous_phone_index.down,
    name: '20261205_162925_email_change_previous_phone_index',
  },
  {
    up: migration_20261205_182148_batch_called_off_reason.up,
    down: migration_20261205_182148_batch_called_off_reason.down,
    name: '20261205_182148_batch_called_off_reason',
  },
  {
    up: migration_20261206_004048_account_verification_task.up,
    down: migration_20261206_004048_account_verification_task.down,
    name: '20261206_004048_account_verification_task',
  },
  {
    up: migration_20261206_020159_sign_in_state_purge_task.up,
    down: migration_20261206_020159_sign_in_state_purge_task.down,
    name: '20261206_020159_sign_in_state_purge_task',
  },
  {
    up: migration_20261206_095853_razorpay_event_early_refund.up,
    down: migration_20261206_095853_razorpay_event_early_refund.down,
    name: '20261206_095853_razorpay_event_early_refund'
  },
];
