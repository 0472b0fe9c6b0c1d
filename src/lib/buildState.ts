import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'

/**
 * Whether a production build (.next) matches its sources: a hash of every file that goes into
 * the build, stored next to the build. `npm start` rebuilds only when it differs. Two builds:
 * the CMS's (the project root) and the storefront's (storefront/), each with its own stamp.
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

export type BuildSpec = { dir: string; inputs: string[] }
export const CMS_BUILD: BuildSpec = { dir: '.', inputs: INPUTS }
export const STOREFRONT_BUILD: BuildSpec = {
  dir: 'storefront',
  inputs: [
    'storefront/app',
    'storefront/components',
    'storefront/lib',
    'storefront/package.json',
    'storefront/next.config.ts',
    'storefront/postcss.config.mjs',
    'storefront/tsconfig.json',
    'package-lock.json',
  ],
}
const stampOf = (spec: BuildSpec) => path.join(spec.dir, '.next', 'smm-build-hash')

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

export function sourceHash(root: string, spec: BuildSpec = CMS_BUILD): string {
  const files: string[] = []
  for (const input of spec.inputs) walk(root, input, files)
  const hash = createHash('sha256')
  for (const file of files) {
    hash.update(file)
    hash.update(readFileSync(path.join(root, file)))
  }
  return hash.digest('hex')
}

export function buildIsCurrent(root: string, spec: BuildSpec = CMS_BUILD): boolean {
  const stamp = path.join(root, stampOf(spec))
  if (!existsSync(path.join(root, spec.dir, '.next', 'BUILD_ID')) || !existsSync(stamp)) return false
  return readFileSync(stamp, 'utf8').trim() === sourceHash(root, spec)
}

export function markBuilt(root: string, spec: BuildSpec = CMS_BUILD): void {
  writeFileSync(path.join(root, stampOf(spec)), sourceHash(root, spec))
}
