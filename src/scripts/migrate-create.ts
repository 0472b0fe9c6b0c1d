import config from '@payload-config'
import { getPayload } from 'payload'

/**
 * npm run migrate:create -- <name>: writes the next migration into src/migrations from the
 * difference between the config and the last migration's snapshot. One at a time, on main.
 */
const name = process.argv[2] ?? 'change'
const payload = await getPayload({ config })
try {
  // skipEmpty: exits without writing when the config and the last snapshot agree
  await payload.db.createMigration({ migrationName: name, payload, skipEmpty: true })
} finally {
  await payload.destroy()
}
process.exit(0)
