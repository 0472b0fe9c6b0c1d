import * as migration_20261126_144336_initial from './20261126_144336_initial';

export const migrations = [
  {
    up: migration_20261126_144336_initial.up,
    down: migration_20261126_144336_initial.down,
    name: '20261126_144336_initial'
  },
];
