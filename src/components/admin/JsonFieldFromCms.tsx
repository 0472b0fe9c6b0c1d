'use client'

import { JSONField, ShimmerEffect } from '@payloadcms/ui'
import type { JSONFieldClientProps } from 'payload'
import { useEffect, useState } from 'react'

import { MONACO_VS_PATH } from '../../lib/http/vendorPaths'

type AmdRequire = ((
  modules: string[],
  onLoad: (module: unknown) => void,
  onError: (err: unknown) => void,
) => void) & {
  config: (config: { paths: Record<string, string> }) => void
}
type MonacoWindow = { monaco?: { editor?: unknown }; require?: AmdRequire }

let loading: Promise<void> | undefined

/**
 * Payload's JSON field loads its code editor (Monaco) from a CDN, which the CMS's CSP forbids and
 * an offline machine cannot reach. Its loader uses `window.monaco` when that is set, so this loads
 * the copy the CMS serves (src/lib/http/vendorAssets.ts) once, before the first JSON field mounts.
 */
function loadMonacoFromCms(): Promise<void> {
  const win = window as unknown as MonacoWindow
  if (win.monaco?.editor) return Promise.resolve()
  loading ??= new Promise<void>((resolve, reject) => {
    const script = document.createElement('script')
    script.src = `${MONACO_VS_PATH}/loader.js`
    script.onerror = () => reject(new Error('The code editor could not be loaded.'))
    script.onload = () => {
      try {
        const amdRequire = win.require
        if (typeof amdRequire?.config !== 'function') throw new Error('The code editor could not be loaded.')
        amdRequire.config({ paths: { vs: MONACO_VS_PATH } })
        amdRequire(
          ['vs/editor/editor.main'],
          (loaded) => {
            win.monaco = (loaded as { m?: MonacoWindow['monaco'] }).m ?? (loaded as MonacoWindow['monaco'])
            resolve()
          },
          reject,
        )
      } catch (err) {
        reject(err)
      }
    }
    document.body.appendChild(script)
  }).catch((err: unknown) => {
    loading = undefined
    throw err
  })
  return loading
}

/** Payload's JSON field, with its editor served by the CMS itself. */
export function JsonFieldFromCms(props: JSONFieldClientProps) {
  const [state, setState] = useState<'loading' | 'ready' | Error>('loading')
  useEffect(() => {
    loadMonacoFromCms().then(
      () => setState('ready'),
      (err: Error) => setState(err),
    )
  }, [])
  if (state === 'ready') return <JSONField {...props} />
  if (state === 'loading') return <ShimmerEffect height="56px" />
  return <p role="alert">{state.message} Reload the page to try again.</p>
}
