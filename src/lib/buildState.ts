import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'

/**
 * Whether the CMS's production build (.next) matches the sources: a hash of every file that goes
 * into the build, stored next to the build. `npm start` rebuilds only when it differs.
 */
const INPUTS = [
  'collections',
  'plugins',
  'src',
  'payload.config.ts',
  'next.config.ts',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.app.json',
]
const SKIP = new Set(['node_modules', '.next', 'scripts', 'seed', 'migrations'])
const STAMP = path.join('.next', 'smm-build-hash')

function walk(root: string, rel: string, out: string[]) {
  const full = path.join(root, rel)
  if (!existsSync(full)) return
  if (statSync(full).isDirectory()) {
    for (const entry of readdirSync(full).sort()) {
      if (SKIP.has(entry) || entry.endsWith('.test.ts')) continue
      walk(root, path.join(rel, entry), out)
    }
  } else out.push(rel)
}

export function sourceHash(root: string): string {
  const files: string[] = []
  for (const input of INPUTS) walk(root, input, files)
  const hash = createHash('sha256')
  for (const file of files) {
    hash.update(file)
    hash.update(readFileSync(path.join(root, file)))
  }
  return hash.digest('hex')
}

export function buildIsCurrent(root: string): boolean {
  const stamp = path.join(root, STAMP)
  if (!existsSync(path.join(root, '.next', 'BUILD_ID')) || !existsSync(stamp)) return false
  return readFileSync(stamp, 'utf8').trim() === sourceHash(root)
}

export function markBuilt(root: string): void {
  writeFileSync(path.join(root, STAMP), sourceHash(root))
}
