import config from '@payload-config'
import { getPayload } from 'payload'

/** Applies the committed migrations (src/migrations) to DATABASE_URL. */
const payload = await getPayload({ config })
try {
  await payload.db.migrate()
  payload.logger.info('migrations applied')
} finally {
  await payload.destroy()
}
process.exit(0)
