import path from 'node:path'
import { fileURLToPath } from 'node:url'

import { markBuilt } from '../lib/buildState'
import { run } from '../lib/processes'

/** Production build of the CMS (Next.js), stamped with the hash of its sources. */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
await run(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'build'], {
  cwd: root,
  env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
})
markBuilt(root)
