import * as migration_20261204_174308_initial from './20261204_174308_initial';
import * as migration_20261204_185019_bookings_payments_sign_in_community_jobs from './20261204_185019_bookings_payments_sign_in_community_jobs';

export const migrations = [
  {
    up: migration_20261204_174308_initial.up,
    down: migration_20261204_174308_initial.down,
    name: '20261204_174308_initial',
  },
  {
    up: migration_20261204_185019_bookings_payments_sign_in_community_jobs.up,
    down: migration_20261204_185019_bookings_payments_sign_in_community_jobs.down,
    name: '20261204_185019_bookings_payments_sign_in_community_jobs'
  },
];
