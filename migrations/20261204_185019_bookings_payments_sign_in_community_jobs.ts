import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_payments_refunds_status" AS ENUM('queued', 'pending', 'processed', 'failed');
  CREATE TYPE "public"."enum_payments_refunds_source" AS ENUM('staff', 'cancellation', 'batch_cancellation', 'automatic', 'razorpay');
  CREATE TYPE "public"."enum_razorpay_events_outcome" AS ENUM('received', 'applied', 'ignored', 'unmatched', 'mismatch', 'refunded_automatically');
  CREATE TYPE "public"."enum_posts_kind" AS ENUM('feed', 'journal');
  CREATE TYPE "public"."enum_posts_status" AS ENUM('published', 'hidden');
  CREATE TYPE "public"."enum_incidents_status" AS ENUM('open', 'acknowledged', 'resolved');
  CREATE TYPE "public"."enum_notification_deliveries_channel" AS ENUM('sms', 'email');
  CREATE TYPE "public"."enum_notification_deliveries_template" AS ENUM('booking_confirmed', 'booking_cancelled', 'payment_received', 'pre_trek_reminder', 'sos_alert');
  CREATE TYPE "public"."enum_notification_deliveries_status" AS ENUM('queued', 'sending', 'sent', 'failed');
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'expireBookingHolds', 'refreshTrekCards', 'sendNotification', 'sendPreTrekReminders', 'sendOtpSms', 'evaluateBadges', 'refundRazorpayPayment', 'advanceBatchLifecycle');
  CREATE TYPE "public"."enum_payload_jobs_log_state" AS ENUM('failed', 'succeeded');
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'expireBookingHolds', 'refreshTrekCards', 'sendNotification', 'sendPreTrekReminders', 'sendOtpSms', 'evaluateBadges', 'refundRazorpayPayment', 'advanceBatchLifecycle');
  CREATE TABLE "refresh_tokens" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"user_id" integer NOT NULL,
  	"family" varchar NOT NULL,
  	"token_hash" varchar NOT NULL,
  	"sid" varchar NOT NULL,
  	"credential_stamp" varchar NOT NULL,
  	"expires_at" timestamp(3) with time zone NOT NULL,
  	"used_at" timestamp(3) with time zone,
  	"revoked_at" timestamp(3) with time zone,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "otp_challenges" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"phone" varchar NOT NULL,
  	"code_hash" varchar NOT NULL,
  	"expires_at" timestamp(3) with time zone NOT NULL,
  	"attempts" numeric DEFAULT 0 NOT NULL,
  	"consumed_at" timestamp(3) with time zone,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "auth_throttles" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"key" varchar NOT NULL,
  	"window_start" timestamp(3) with time zone NOT NULL,
  	"count" numeric DEFAULT 0 NOT NULL,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "points_transactions" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"user_id" integer NOT NULL,
  	"amount" numeric NOT NULL,
  	"reason" varchar NOT NULL,
  	"booking_id" integer,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "emergency_contacts" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"user_id" integer,
  	"name" varchar NOT NULL,
  	"relationship" varchar NOT NULL,
  	"phone" varchar NOT NULL,
  	"email" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "payments_refunds" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"amount" numeric NOT NULL,
  	"status" "enum_payments_refunds_status" NOT NULL,
  	"source" "enum_payments_refunds_source" NOT NULL,
  	"reason" varchar,
  	"razorpay_refund_id" varchar,
  	"failure_reason" varchar,
  	"requested_at" timestamp(3) with time zone,
  	"requested_by_id" integer
  );
  
  CREATE TABLE "payments_texts" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer NOT NULL,
  	"parent_id" integer NOT NULL,
  	"path" varchar NOT NULL,
  	"text" varchar
  );
  
  CREATE TABLE "razorpay_events" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"event_id" varchar NOT NULL,
  	"event" varchar NOT NULL,
  	"outcome" "enum_razorpay_events_outcome" DEFAULT 'received',
  	"payment_id" integer,
  	"note" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "posts" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"author_id" integer NOT NULL,
  	"kind" "enum_posts_kind" DEFAULT 'feed' NOT NULL,
  	"trek_id" integer,
  	"batch_id" integer,
  	"body" jsonb NOT NULL,
  	"status" "enum_posts_status" DEFAULT 'published' NOT NULL,
  	"hidden_reason" varchar,
  	"hidden_at" timestamp(3) with time zone,
  	"hidden_by_id" integer,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "posts_rels" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer,
  	"parent_id" integer NOT NULL,
  	"path" varchar NOT NULL,
  	"media_id" integer
  );
  
  CREATE TABLE "badge_awards" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"user_id" integer NOT NULL,
  	"badge_id" integer NOT NULL,
  	"awarded_at" timestamp(3) with time zone NOT NULL,
  	"points" numeric DEFAULT 0,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "incidents_log" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"at" timestamp(3) with time zone NOT NULL,
  	"by_id" integer,
  	"note" varchar NOT NULL
  );
  
  CREATE TABLE "incidents" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"trekker_id" integer NOT NULL,
  	"batch_id" integer,
  	"client_id" varchar NOT NULL,
  	"latitude" numeric,
  	"longitude" numeric,
  	"occurred_at" timestamp(3) with time zone NOT NULL,
  	"message" varchar,
  	"status" "enum_incidents_status" DEFAULT 'open' NOT NULL,
  	"acknowledged_at" timestamp(3) with time zone,
  	"resolved_at" timestamp(3) with time zone,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "notification_deliveries" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"key" varchar NOT NULL,
  	"channel" "enum_notification_deliveries_channel" NOT NULL,
  	"template" "enum_notification_deliveries_template" NOT NULL,
  	"to" varchar NOT NULL,
  	"params" jsonb,
  	"incident_id" integer,
  	"booking_id" integer,
  	"status" "enum_notification_deliveries_status" DEFAULT 'queued' NOT NULL,
  	"attempts" numeric DEFAULT 0 NOT NULL,
  	"last_error" varchar,
  	"sent_at" timestamp(3) with time zone,
  	"claimed_at" timestamp(3) with time zone,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "schedule_runs" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"schedule" varchar NOT NULL,
  	"last_period" timestamp(3) with time zone NOT NULL,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "payload_jobs_log" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"executed_at" timestamp(3) with time zone NOT NULL,
  	"completed_at" timestamp(3) with time zone NOT NULL,
  	"task_slug" "enum_payload_jobs_log_task_slug" NOT NULL,
  	"task_i_d" varchar NOT NULL,
  	"input" jsonb,
  	"output" jsonb,
  	"state" "enum_payload_jobs_log_state" NOT NULL,
  	"error" jsonb
  );
  
  CREATE TABLE "payload_jobs" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"input" jsonb,
  	"completed_at" timestamp(3) with time zone,
  	"total_tried" numeric DEFAULT 0,
  	"has_error" boolean DEFAULT false,
  	"error" jsonb,
  	"task_slug" "enum_payload_jobs_task_slug",
  	"queue" varchar DEFAULT 'default',
  	"wait_until" timestamp(3) with time zone,
  	"processing" boolean DEFAULT false,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  ALTER TABLE "users" ALTER COLUMN "tribe_tier" DROP NOT NULL;
  ALTER TABLE "users" ALTER COLUMN "obs_points" DROP NOT NULL;
  ALTER TABLE "users" ALTER COLUMN "email" DROP NOT NULL;
  ALTER TABLE "bookings" ALTER COLUMN "user_id" DROP NOT NULL;
  ALTER TABLE "bookings" ALTER COLUMN "status" DROP NOT NULL;
  ALTER TABLE "bookings" ALTER COLUMN "amount_paid" DROP DEFAULT;
  ALTER TABLE "users" ADD COLUMN "phone_verified" boolean DEFAULT false;
  ALTER TABLE "users" ADD COLUMN "email_pending_verification" boolean DEFAULT false;
  ALTER TABLE "users" ADD COLUMN "google_sub" varchar;
  ALTER TABLE "users" ADD COLUMN "apple_sub" varchar;
  ALTER TABLE "users" ADD COLUMN "username" varchar;
  ALTER TABLE "users" ADD COLUMN "_verified" boolean;
  ALTER TABLE "users" ADD COLUMN "_verificationtoken" varchar;
  ALTER TABLE "bookings" ADD COLUMN "confirmed_at" timestamp(3) with time zone;
  ALTER TABLE "bookings" ADD COLUMN "cancelled_at" timestamp(3) with time zone;
  ALTER TABLE "bookings" ADD COLUMN "cancelled_by_id" integer;
  ALTER TABLE "bookings" ADD COLUMN "cancellation_reason" varchar;
  ALTER TABLE "bookings" ADD COLUMN "refund_due" numeric;
  ALTER TABLE "bookings" ADD COLUMN "refunded_amount" numeric;
  ALTER TABLE "payments" ADD COLUMN "currency" varchar DEFAULT 'INR';
  ALTER TABLE "payments" ADD COLUMN "captured_at" timestamp(3) with time zone;
  ALTER TABLE "payments" ADD COLUMN "failure_reason" varchar;
  ALTER TABLE "payments" ADD COLUMN "amount_refunded" numeric DEFAULT 0;
  ALTER TABLE "payments" ADD COLUMN "needs_attention" boolean DEFAULT false;
  ALTER TABLE "payments" ADD COLUMN "attention_reason" varchar;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "refresh_tokens_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "otp_challenges_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "auth_throttles_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "points_transactions_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "emergency_contacts_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "razorpay_events_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "posts_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "badge_awards_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "incidents_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "notification_deliveries_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "schedule_runs_id" integer;
  ALTER TABLE "refresh_tokens" ADD CONSTRAINT "refresh_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "points_transactions" ADD CONSTRAINT "points_transactions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "points_transactions" ADD CONSTRAINT "points_transactions_booking_id_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."bookings"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "emergency_contacts" ADD CONSTRAINT "emergency_contacts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "payments_refunds" ADD CONSTRAINT "payments_refunds_requested_by_id_users_id_fk" FOREIGN KEY ("requested_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "payments_refunds" ADD CONSTRAINT "payments_refunds_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."payments"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payments_texts" ADD CONSTRAINT "payments_texts_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."payments"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "razorpay_events" ADD CONSTRAINT "razorpay_events_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "posts" ADD CONSTRAINT "posts_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "posts" ADD CONSTRAINT "posts_trek_id_treks_id_fk" FOREIGN KEY ("trek_id") REFERENCES "public"."treks"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "posts" ADD CONSTRAINT "posts_batch_id_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."batches"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "posts" ADD CONSTRAINT "posts_hidden_by_id_users_id_fk" FOREIGN KEY ("hidden_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "posts_rels" ADD CONSTRAINT "posts_rels_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."posts"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "posts_rels" ADD CONSTRAINT "posts_rels_media_fk" FOREIGN KEY ("media_id") REFERENCES "public"."media"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "badge_awards" ADD CONSTRAINT "badge_awards_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "badge_awards" ADD CONSTRAINT "badge_awards_badge_id_badges_id_fk" FOREIGN KEY ("badge_id") REFERENCES "public"."badges"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "incidents_log" ADD CONSTRAINT "incidents_log_by_id_users_id_fk" FOREIGN KEY ("by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "incidents_log" ADD CONSTRAINT "incidents_log_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "incidents" ADD CONSTRAINT "incidents_trekker_id_users_id_fk" FOREIGN KEY ("trekker_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "incidents" ADD CONSTRAINT "incidents_batch_id_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."batches"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "notification_deliveries" ADD CONSTRAINT "notification_deliveries_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "notification_deliveries" ADD CONSTRAINT "notification_deliveries_booking_id_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."bookings"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "payload_jobs_log" ADD CONSTRAINT "payload_jobs_log_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."payload_jobs"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "refresh_tokens_user_idx" ON "refresh_tokens" USING btree ("user_id");
  CREATE INDEX "refresh_tokens_family_idx" ON "refresh_tokens" USING btree ("family");
  CREATE UNIQUE INDEX "refresh_tokens_token_hash_idx" ON "refresh_tokens" USING btree ("token_hash");
  CREATE INDEX "refresh_tokens_sid_idx" ON "refresh_tokens" USING btree ("sid");
  CREATE INDEX "refresh_tokens_updated_at_idx" ON "refresh_tokens" USING btree ("updated_at");
  CREATE INDEX "refresh_tokens_created_at_idx" ON "refresh_tokens" USING btree ("created_at");
  CREATE INDEX "otp_challenges_phone_idx" ON "otp_challenges" USING btree ("phone");
  CREATE INDEX "otp_challenges_updated_at_idx" ON "otp_challenges" USING btree ("updated_at");
  CREATE INDEX "otp_challenges_created_at_idx" ON "otp_challenges" USING btree ("created_at");
  CREATE UNIQUE INDEX "auth_throttles_key_idx" ON "auth_throttles" USING btree ("key");
  CREATE INDEX "auth_throttles_updated_at_idx" ON "auth_throttles" USING btree ("updated_at");
  CREATE INDEX "auth_throttles_created_at_idx" ON "auth_throttles" USING btree ("created_at");
  CREATE INDEX "points_transactions_user_idx" ON "points_transactions" USING btree ("user_id");
  CREATE INDEX "points_transactions_booking_idx" ON "points_transactions" USING btree ("booking_id");
  CREATE INDEX "points_transactions_updated_at_idx" ON "points_transactions" USING btree ("updated_at");
  CREATE INDEX "points_transactions_created_at_idx" ON "points_transactions" USING btree ("created_at");
  CREATE INDEX "emergency_contacts_user_idx" ON "emergency_contacts" USING btree ("user_id");
  CREATE INDEX "emergency_contacts_updated_at_idx" ON "emergency_contacts" USING btree ("updated_at");
  CREATE INDEX "emergency_contacts_created_at_idx" ON "emergency_contacts" USING btree ("created_at");
  CREATE INDEX "payments_refunds_order_idx" ON "payments_refunds" USING btree ("_order");
  CREATE INDEX "payments_refunds_parent_id_idx" ON "payments_refunds" USING btree ("_parent_id");
  CREATE INDEX "payments_refunds_razorpay_refund_id_idx" ON "payments_refunds" USING btree ("razorpay_refund_id");
  CREATE INDEX "payments_refunds_requested_by_idx" ON "payments_refunds" USING btree ("requested_by_id");
  CREATE INDEX "payments_texts_order_parent" ON "payments_texts" USING btree ("order","parent_id");
  CREATE UNIQUE INDEX "razorpay_events_event_id_idx" ON "razorpay_events" USING btree ("event_id");
  CREATE INDEX "razorpay_events_event_idx" ON "razorpay_events" USING btree ("event");
  CREATE INDEX "razorpay_events_payment_idx" ON "razorpay_events" USING btree ("payment_id");
  CREATE INDEX "razorpay_events_updated_at_idx" ON "razorpay_events" USING btree ("updated_at");
  CREATE INDEX "razorpay_events_created_at_idx" ON "razorpay_events" USING btree ("created_at");
  CREATE INDEX "posts_author_idx" ON "posts" USING btree ("author_id");
  CREATE INDEX "posts_trek_idx" ON "posts" USING btree ("trek_id");
  CREATE INDEX "posts_batch_idx" ON "posts" USING btree ("batch_id");
  CREATE INDEX "posts_status_idx" ON "posts" USING btree ("status");
  CREATE INDEX "posts_hidden_by_idx" ON "posts" USING btree ("hidden_by_id");
  CREATE INDEX "posts_updated_at_idx" ON "posts" USING btree ("updated_at");
  CREATE INDEX "posts_created_at_idx" ON "posts" USING btree ("created_at");
  CREATE INDEX "posts_rels_order_idx" ON "posts_rels" USING btree ("order");
  CREATE INDEX "posts_rels_parent_idx" ON "posts_rels" USING btree ("parent_id");
  CREATE INDEX "posts_rels_path_idx" ON "posts_rels" USING btree ("path");
  CREATE INDEX "posts_rels_media_id_idx" ON "posts_rels" USING btree ("media_id");
  CREATE INDEX "badge_awards_user_idx" ON "badge_awards" USING btree ("user_id");
  CREATE INDEX "badge_awards_badge_idx" ON "badge_awards" USING btree ("badge_id");
  CREATE INDEX "badge_awards_updated_at_idx" ON "badge_awards" USING btree ("updated_at");
  CREATE INDEX "badge_awards_created_at_idx" ON "badge_awards" USING btree ("created_at");
  CREATE UNIQUE INDEX "user_badge_idx" ON "badge_awards" USING btree ("user_id","badge_id");
  CREATE INDEX "incidents_log_order_idx" ON "incidents_log" USING btree ("_order");
  CREATE INDEX "incidents_log_parent_id_idx" ON "incidents_log" USING btree ("_parent_id");
  CREATE INDEX "incidents_log_by_idx" ON "incidents_log" USING btree ("by_id");
  CREATE INDEX "incidents_trekker_idx" ON "incidents" USING btree ("trekker_id");
  CREATE INDEX "incidents_batch_idx" ON "incidents" USING btree ("batch_id");
  CREATE UNIQUE INDEX "incidents_client_id_idx" ON "incidents" USING btree ("client_id");
  CREATE INDEX "incidents_occurred_at_idx" ON "incidents" USING btree ("occurred_at");
  CREATE INDEX "incidents_status_idx" ON "incidents" USING btree ("status");
  CREATE INDEX "incidents_updated_at_idx" ON "incidents" USING btree ("updated_at");
  CREATE INDEX "incidents_created_at_idx" ON "incidents" USING btree ("created_at");
  CREATE UNIQUE INDEX "notification_deliveries_key_idx" ON "notification_deliveries" USING btree ("key");
  CREATE INDEX "notification_deliveries_incident_idx" ON "notification_deliveries" USING btree ("incident_id");
  CREATE INDEX "notification_deliveries_booking_idx" ON "notification_deliveries" USING btree ("booking_id");
  CREATE INDEX "notification_deliveries_status_idx" ON "notification_deliveries" USING btree ("status");
  CREATE INDEX "notification_deliveries_updated_at_idx" ON "notification_deliveries" USING btree ("updated_at");
  CREATE INDEX "notification_deliveries_created_at_idx" ON "notification_deliveries" USING btree ("created_at");
  CREATE UNIQUE INDEX "schedule_runs_schedule_idx" ON "schedule_runs" USING btree ("schedule");
  CREATE INDEX "schedule_runs_updated_at_idx" ON "schedule_runs" USING btree ("updated_at");
  CREATE INDEX "schedule_runs_created_at_idx" ON "schedule_runs" USING btree ("created_at");
  CREATE INDEX "payload_jobs_log_order_idx" ON "payload_jobs_log" USING btree ("_order");
  CREATE INDEX "payload_jobs_log_parent_id_idx" ON "payload_jobs_log" USING btree ("_parent_id");
  CREATE INDEX "payload_jobs_completed_at_idx" ON "payload_jobs" USING btree ("completed_at");
  CREATE INDEX "payload_jobs_total_tried_idx" ON "payload_jobs" USING btree ("total_tried");
  CREATE INDEX "payload_jobs_has_error_idx" ON "payload_jobs" USING btree ("has_error");
  CREATE INDEX "payload_jobs_task_slug_idx" ON "payload_jobs" USING btree ("task_slug");
  CREATE INDEX "payload_jobs_queue_idx" ON "payload_jobs" USING btree ("queue");
  CREATE INDEX "payload_jobs_wait_until_idx" ON "payload_jobs" USING btree ("wait_until");
  CREATE INDEX "payload_jobs_processing_idx" ON "payload_jobs" USING btree ("processing");
  CREATE INDEX "payload_jobs_updated_at_idx" ON "payload_jobs" USING btree ("updated_at");
  CREATE INDEX "payload_jobs_created_at_idx" ON "payload_jobs" USING btree ("created_at");
  ALTER TABLE "bookings" ADD CONSTRAINT "bookings_cancelled_by_id_users_id_fk" FOREIGN KEY ("cancelled_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_refresh_tokens_fk" FOREIGN KEY ("refresh_tokens_id") REFERENCES "public"."refresh_tokens"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_otp_challenges_fk" FOREIGN KEY ("otp_challenges_id") REFERENCES "public"."otp_challenges"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_auth_throttles_fk" FOREIGN KEY ("auth_throttles_id") REFERENCES "public"."auth_throttles"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_points_transactions_fk" FOREIGN KEY ("points_transactions_id") REFERENCES "public"."points_transactions"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_emergency_contacts_fk" FOREIGN KEY ("emergency_contacts_id") REFERENCES "public"."emergency_contacts"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_razorpay_events_fk" FOREIGN KEY ("razorpay_events_id") REFERENCES "public"."razorpay_events"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_posts_fk" FOREIGN KEY ("posts_id") REFERENCES "public"."posts"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_badge_awards_fk" FOREIGN KEY ("badge_awards_id") REFERENCES "public"."badge_awards"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_incidents_fk" FOREIGN KEY ("incidents_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_notification_deliveries_fk" FOREIGN KEY ("notification_deliveries_id") REFERENCES "public"."notification_deliveries"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_schedule_runs_fk" FOREIGN KEY ("schedule_runs_id") REFERENCES "public"."schedule_runs"("id") ON DELETE cascade ON UPDATE no action;
  CREATE UNIQUE INDEX "users_google_sub_idx" ON "users" USING btree ("google_sub");
  CREATE UNIQUE INDEX "users_apple_sub_idx" ON "users" USING btree ("apple_sub");
  CREATE UNIQUE INDEX "users_username_idx" ON "users" USING btree ("username");
  CREATE INDEX "bookings_cancelled_by_idx" ON "bookings" USING btree ("cancelled_by_id");
  CREATE UNIQUE INDEX "bookings_one_active_per_user_batch" ON "bookings" USING btree ("user_id","batch_id") WHERE status IN ('pending', 'confirmed');
  CREATE INDEX "payments_needs_attention_idx" ON "payments" USING btree ("needs_attention");
  CREATE INDEX "payload_locked_documents_rels_refresh_tokens_id_idx" ON "payload_locked_documents_rels" USING btree ("refresh_tokens_id");
  CREATE INDEX "payload_locked_documents_rels_otp_challenges_id_idx" ON "payload_locked_documents_rels" USING btree ("otp_challenges_id");
  CREATE INDEX "payload_locked_documents_rels_auth_throttles_id_idx" ON "payload_locked_documents_rels" USING btree ("auth_throttles_id");
  CREATE INDEX "payload_locked_documents_rels_points_transactions_id_idx" ON "payload_locked_documents_rels" USING btree ("points_transactions_id");
  CREATE INDEX "payload_locked_documents_rels_emergency_contacts_id_idx" ON "payload_locked_documents_rels" USING btree ("emergency_contacts_id");
  CREATE INDEX "payload_locked_documents_rels_razorpay_events_id_idx" ON "payload_locked_documents_rels" USING btree ("razorpay_events_id");
  CREATE INDEX "payload_locked_documents_rels_posts_id_idx" ON "payload_locked_documents_rels" USING btree ("posts_id");
  CREATE INDEX "payload_locked_documents_rels_badge_awards_id_idx" ON "payload_locked_documents_rels" USING btree ("badge_awards_id");
  CREATE INDEX "payload_locked_documents_rels_incidents_id_idx" ON "payload_locked_documents_rels" USING btree ("incidents_id");
  CREATE INDEX "payload_locked_documents_rels_notification_deliveries_id_idx" ON "payload_locked_documents_rels" USING btree ("notification_deliveries_id");
  CREATE INDEX "payload_locked_documents_rels_schedule_runs_id_idx" ON "payload_locked_documents_rels" USING btree ("schedule_runs_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "refresh_tokens" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "otp_challenges" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "auth_throttles" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "points_transactions" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "emergency_contacts" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "payments_refunds" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "payments_texts" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "razorpay_events" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "posts" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "posts_rels" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "badge_awards" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "incidents_log" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "incidents" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "notification_deliveries" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "schedule_runs" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "payload_jobs_log" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "payload_jobs" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "refresh_tokens" CASCADE;
  DROP TABLE "otp_challenges" CASCADE;
  DROP TABLE "auth_throttles" CASCADE;
  DROP TABLE "points_transactions" CASCADE;
  DROP TABLE "emergency_contacts" CASCADE;
  DROP TABLE "payments_refunds" CASCADE;
  DROP TABLE "payments_texts" CASCADE;
  DROP TABLE "razorpay_events" CASCADE;
  DROP TABLE "posts" CASCADE;
  DROP TABLE "posts_rels" CASCADE;
  DROP TABLE "badge_awards" CASCADE;
  DROP TABLE "incidents_log" CASCADE;
  DROP TABLE "incidents" CASCADE;
  DROP TABLE "notification_deliveries" CASCADE;
  DROP TABLE "schedule_runs" CASCADE;
  DROP TABLE "payload_jobs_log" CASCADE;
  DROP TABLE "payload_jobs" CASCADE;
  ALTER TABLE "bookings" DROP CONSTRAINT "bookings_cancelled_by_id_users_id_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_refresh_tokens_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_otp_challenges_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_auth_throttles_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_points_transactions_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_emergency_contacts_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_razorpay_events_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_posts_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_badge_awards_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_incidents_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_notification_deliveries_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_schedule_runs_fk";
  
  DROP INDEX "users_google_sub_idx";
  DROP INDEX "users_apple_sub_idx";
  DROP INDEX "users_username_idx";
  DROP INDEX "bookings_cancelled_by_idx";
  DROP INDEX "bookings_one_active_per_user_batch";
  DROP INDEX "payments_needs_attention_idx";
  DROP INDEX "payload_locked_documents_rels_refresh_tokens_id_idx";
  DROP INDEX "payload_locked_documents_rels_otp_challenges_id_idx";
  DROP INDEX "payload_locked_documents_rels_auth_throttles_id_idx";
  DROP INDEX "payload_locked_documents_rels_points_transactions_id_idx";
  DROP INDEX "payload_locked_documents_rels_emergency_contacts_id_idx";
  DROP INDEX "payload_locked_documents_rels_razorpay_events_id_idx";
  DROP INDEX "payload_locked_documents_rels_posts_id_idx";
  DROP INDEX "payload_locked_documents_rels_badge_awards_id_idx";
  DROP INDEX "payload_locked_documents_rels_incidents_id_idx";
  DROP INDEX "payload_locked_documents_rels_notification_deliveries_id_idx";
  DROP INDEX "payload_locked_documents_rels_schedule_runs_id_idx";
  ALTER TABLE "users" ALTER COLUMN "tribe_tier" SET NOT NULL;
  ALTER TABLE "users" ALTER COLUMN "obs_points" SET NOT NULL;
  ALTER TABLE "users" ALTER COLUMN "email" SET NOT NULL;
  ALTER TABLE "bookings" ALTER COLUMN "user_id" SET NOT NULL;
  ALTER TABLE "bookings" ALTER COLUMN "status" SET NOT NULL;
  ALTER TABLE "bookings" ALTER COLUMN "amount_paid" SET DEFAULT 0;
  ALTER TABLE "users" DROP COLUMN "phone_verified";
  ALTER TABLE "users" DROP COLUMN "email_pending_verification";
  ALTER TABLE "users" DROP COLUMN "google_sub";
  ALTER TABLE "users" DROP COLUMN "apple_sub";
  ALTER TABLE "users" DROP COLUMN "username";
  ALTER TABLE "users" DROP COLUMN "_verified";
  ALTER TABLE "users" DROP COLUMN "_verificationtoken";
  ALTER TABLE "bookings" DROP COLUMN "confirmed_at";
  ALTER TABLE "bookings" DROP COLUMN "cancelled_at";
  ALTER TABLE "bookings" DROP COLUMN "cancelled_by_id";
  ALTER TABLE "bookings" DROP COLUMN "cancellation_reason";
  ALTER TABLE "bookings" DROP COLUMN "refund_due";
  ALTER TABLE "bookings" DROP COLUMN "refunded_amount";
  ALTER TABLE "payments" DROP COLUMN "currency";
  ALTER TABLE "payments" DROP COLUMN "captured_at";
  ALTER TABLE "payments" DROP COLUMN "failure_reason";
  ALTER TABLE "payments" DROP COLUMN "amount_refunded";
  ALTER TABLE "payments" DROP COLUMN "needs_attention";
  ALTER TABLE "payments" DROP COLUMN "attention_reason";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "refresh_tokens_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "otp_challenges_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "auth_throttles_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "points_transactions_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "emergency_contacts_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "razorpay_events_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "posts_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "badge_awards_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "incidents_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "notification_deliveries_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "schedule_runs_id";
  DROP TYPE "public"."enum_payments_refunds_status";
  DROP TYPE "public"."enum_payments_refunds_source";
  DROP TYPE "public"."enum_razorpay_events_outcome";
  DROP TYPE "public"."enum_posts_kind";
  DROP TYPE "public"."enum_posts_status";
  DROP TYPE "public"."enum_incidents_status";
  DROP TYPE "public"."enum_notification_deliveries_channel";
  DROP TYPE "public"."enum_notification_deliveries_template";
  DROP TYPE "public"."enum_notification_deliveries_status";
  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  DROP TYPE "public"."enum_payload_jobs_log_state";
  DROP TYPE "public"."enum_payload_jobs_task_slug";`)
}
