import path from 'node:path'
import { fileURLToPath } from 'node:url'

import { markBuilt, STOREFRONT_BUILD } from '../lib/buildState'
import { run } from '../lib/processes'

/** Production build of the storefront (storefront/, its own Next.js app), stamped with its sources' hash. */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
await run(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'build'], {
  cwd: path.join(root, 'storefront'),
  env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
})
markBuilt(root, STOREFRONT_BUILD)
