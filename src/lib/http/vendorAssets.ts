import { createReadStream, statSync } from 'node:fs'
import { pipeline } from 'node:stream'
import type http from 'node:http'
import { createRequire } from 'node:module'
import path from 'node:path'

import { MONACO_VS_PATH } from './vendorPaths'

/**
 * The admin's code editor (Monaco, used by Payload's JSON and code fields such as a job's input
 * and last error) loads from a CDN by default, which the CMS's CSP forbids and an offline machine
 * cannot reach. The CMS serves the installed copy instead (src/components/admin/CodeEditorFromCms).
 */
const require = createRequire(import.meta.url)
// the package's "require" entry is min/vs/index.js
const monacoRoot = path.dirname(require.resolve('monaco-editor'))

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ttf': 'font/ttf',
  '.json': 'application/json',
}

/** Answers GET/HEAD under MONACO_VS_PATH; false for anything else. */
export function serveVendorAsset(req: http.IncomingMessage, res: http.ServerResponse): boolean {
  if (!req.url?.startsWith(`${MONACO_VS_PATH}/`) || (req.method !== 'GET' && req.method !== 'HEAD'))
    return false
  let size = -1
  let type: string | undefined
  let file = ''
  try {
    const relative = decodeURIComponent(
      new URL(req.url, 'http://cms.internal').pathname.slice(MONACO_VS_PATH.length + 1),
    )
    file = path.resolve(monacoRoot, relative)
    type = TYPES[path.extname(file)]
    // nothing outside the editor's own folder, whatever the path says
    if (file.startsWith(`${monacoRoot}${path.sep}`) && type) {
      const stats = statSync(file)
      if (stats.isFile()) size = stats.size
    }
  } catch {
    // malformed or not there: 404 below
  }
  if (size < 0) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
    res.end('Not found')
    return true
  }
  res.writeHead(200, {
    'content-type': type!,
    'content-length': size,
    // most files carry a content hash; the entry points do not, so not `immutable`
    'cache-control': 'public, max-age=3600',
  })
  if (req.method === 'HEAD') res.end()
  // pipeline closes the file when the client goes away or the read fails
  else pipeline(createReadStream(file), res, () => undefined)
  return true
}
