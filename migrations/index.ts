import * as migration_20261204_172257_initial from './20261204_172257_initial';

export const migrations = [
  {
    up: migration_20261204_172257_initial.up,
    down: migration_20261204_172257_initial.down,
    name: '20261204_172257_initial'
  },
];
