import http from 'node:http'
import type { AddressInfo } from 'node:net'

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'

import { serveVendorAsset } from '../src/lib/http/vendorAssets'
import { MONACO_VS_PATH } from '../src/lib/http/vendorPaths'

/** The admin's code editor, served by the CMS from its installed copy: that folder and nothing else. */
let server: http.Server
let base: string

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (!serveVendorAsset(req, res)) {
      res.writeHead(418)
      res.end('not a vendor asset')
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
})

/** A raw request, so the path reaches the server exactly as written (fetch would normalise it). */
function get(pathname: string, method = 'GET'): Promise<{ status: number; type?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${pathname}`, { method, path: pathname }, (res) => {
      let body = ''
      res.on('data', (chunk) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode!, type: res.headers['content-type'], body }))
    })
    req.on('error', reject)
    req.end()
  })
}

describe('vendor assets', () => {
  it("serves the editor's loader and main module as JavaScript", async () => {
    const loader = await get(`${MONACO_VS_PATH}/loader.js`)
    expect(loader.status).toBe(200)
    expect(loader.type).toMatch(/^text\/javascript/)
    expect(loader.body).toContain('AMDLoader')
    expect((await get(`${MONACO_VS_PATH}/editor/editor.main.js`)).status).toBe(200)
    expect((await get(`${MONACO_VS_PATH}/editor/editor.main.css`)).type).toMatch(/^text\/css/)
  })

  it('refuses anything outside its folder, unknown types, malformed paths and writes', async () => {
    for (const escape of [
      '/../../package.json',
      '/..%2f..%2fpackage.json',
      '/..%2f..%2f..%2fpayload%2fpackage.json',
      '/%2e%2e/%2e%2e/esm/vs/editor.api.js',
    ]) {
      expect((await get(`${MONACO_VS_PATH}${escape}`)).status).toBe(404)
    }
    expect((await get(`${MONACO_VS_PATH}/%E0%A4%A`)).status).toBe(404)
    expect((await get(`${MONACO_VS_PATH}/nls/`)).status).toBe(404)
    expect((await get(`${MONACO_VS_PATH}/loader.js`, 'POST')).status).toBe(418)
    expect((await get('/admin-vendor/other/loader.js')).status).toBe(418)
  })
})
