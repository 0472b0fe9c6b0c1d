/** Where the tests find the system Postgres and Redis, and how to start them when missing. */
export const ADMIN_DATABASE_URL =
  process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'
export const START_POSTGRES_HINT =
  'start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start (or set TEST_DATABASE_ADMIN_URL)'
export const START_REDIS_HINT = 'install redis-server (apt-get install redis-server) or set TEST_REDIS_URL'

/** The seeded accounts (the development defaults of src/lib/env.ts). */
export const SEED = {
  admin: { email: 'admin@example.com', password: 'admin-dev-password' },
  editor: { email: 'editor@example.com', password: 'editor-dev-password' },
  customer: { email: 'customer@example.com', password: 'customer-dev-password' },
}
