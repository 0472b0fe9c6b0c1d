import * as migration_20261126_152257_initial from './20261126_152257_initial';

export const migrations = [
  {
    up: migration_20261126_152257_initial.up,
    down: migration_20261126_152257_initial.down,
    name: '20261126_152257_initial'
  },
];
