import * as migration_20261204_174308_initial from './20261204_174308_initial';

export const migrations = [
  {
    up: migration_20261204_174308_initial.up,
    down: migration_20261204_174308_initial.down,
    name: '20261204_174308_initial'
  },
];
