import config from '@payload-config'
import { getPayload } from 'payload'

import { seed } from '../seed'

/** Seeds demo content into an empty database; does nothing when content exists. */
const payload = await getPayload({ config })
let code = 0
try {
  const result = await seed(payload)
  payload.logger.info(result, result.seeded ? 'seed done' : 'seed skipped: database already has content')
} catch (err) {
  payload.logger.error({ err }, 'seed failed')
  code = 1
} finally {
  await payload.destroy()
}
process.exit(code)
