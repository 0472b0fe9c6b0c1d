import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import S3rver from 's3rver'
import sharp from 'sharp'

import { client, type Auth } from './helpers/api'
import { freePort } from '../src/lib/processes'
import { ROOT, startCms, type RunningCms } from './helpers/cms'
import { SEED } from './helpers/constants'
import { useCms } from './helpers/harness'

const MAX_BYTES = 400_000
const MEDIA_DIR = path.resolve(ROOT, process.env.MEDIA_DIR ?? 'media')
const h = useCms({ env: { MEDIA_MAX_BYTES: String(MAX_BYTES) } })

function form(file: Buffer, type: string, name: string, alt = 'a photo') {
  const data = new FormData()
  data.append('file', new Blob([new Uint8Array(file)], { type }), name)
  data.append('_payload', JSON.stringify({ alt }))
  return data
}

const solid = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 120, b: 80 } } })

let customer: Auth

beforeAll(async () => {
  customer = { token: await h.api.login(SEED.customer.email, SEED.customer.password) }
})

describe('media on local disk', () => {
  it('stores an upload in media/, serves it back to its owner, with image sizes', async () => {
    const png = await solid(1200, 800).png().toBuffer()
    const res = await h.api.rest('POST', '/api/media?depth=0', {
      auth: customer,
      form: form(png, 'image/png', 'holiday.png'),
    })
    expect(res.status).toBe(201)
    const doc = res.body.doc
    // normalised for print: converted to JPEG, pixel size kept
    expect(doc.mimeType).toBe('image/jpeg')
    expect(doc.filename).toMatch(/\.jpg$/)
    expect([doc.width, doc.height]).toEqual([1200, 800])
    expect(doc.sizes.thumbnail.filename).toBeTruthy()
    // paths on the CMS, whatever host it is reached at
    expect([doc.url, doc.thumbnailURL, doc.sizes.card.url]).toEqual([
      expect.stringMatching(/^\/api\/media\/file\//),
      expect.stringMatching(/^\/api\/media\/file\//),
      expect.stringMatching(/^\/api\/media\/file\//),
    ])
    expect(existsSync(path.join(MEDIA_DIR, doc.filename))).toBe(true)

    const file = await fetch(`${h.cms.url}${doc.url}`, {
      headers: { authorization: `JWT ${(customer as any).token}` },
    })
    expect(file.status).toBe(200)
    const served = Buffer.from(await file.arrayBuffer())
    expect((await sharp(served).metadata()).format).toBe('jpeg')

    const del = await h.api.rest('DELETE', `/api/media/${doc.id}`, { auth: customer })
    expect(del.status).toBe(200)
    expect(existsSync(path.join(MEDIA_DIR, doc.filename))).toBe(false)
  })

  it('limits the long side to 3000 px and applies the EXIF orientation', async () => {
    const big = await solid(4000, 1000).png().toBuffer()
    const res = await h.api.rest('POST', '/api/media?depth=0', {
      auth: customer,
      form: form(big, 'image/png', 'wide.png'),
    })
    expect(res.status).toBe(201)
    expect([res.body.doc.width, res.body.doc.height]).toEqual([3000, 750])

    // stored 400×200 with "rotate 90° clockwise" (orientation 6): shown, and kept, as 200×400
    const rotated = await solid(400, 200).jpeg().withMetadata({ orientation: 6 }).toBuffer()
    const upright = await h.api.rest('POST', '/api/media?depth=0', {
      auth: customer,
      form: form(rotated, 'image/jpeg', 'phone.jpg'),
    })
    expect(upright.status).toBe(201)
    expect([upright.body.doc.width, upright.body.doc.height]).toEqual([200, 400])
  })

  it('refuses SVG, HTML and an SVG renamed to .png', async () => {
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>',
    )
    for (const [bytes, type, name] of [
      [svg, 'image/svg+xml', 'x.svg'],
      [Buffer.from('<html><script>alert(1)</script></html>'), 'text/html', 'x.html'],
      [svg, 'image/png', 'x.png'],
    ] as const) {
      const res = await h.api.rest('POST', '/api/media', { auth: customer, form: form(bytes, type, name) })
      expect(res.status).toBe(400)
      expect(res.body.errors[0].name).toBe('ValidationError')
    }
  })

  it('answers 413 above the size limit', async () => {
    // random pixels do not compress: well above the 400 kB limit of this server
    const noise = randomBytes(700 * 700 * 3)
    const big = await sharp(noise, { raw: { width: 700, height: 700, channels: 3 } })
      .png()
      .toBuffer()
    expect(big.length).toBeGreaterThan(MAX_BYTES)
    const res = await h.api.rest('POST', '/api/media', {
      auth: customer,
      form: form(big, 'image/png', 'big.png'),
    })
    expect(res.status).toBe(413)
    expect(res.body.errors[0].message).toMatch(/too large/i)
  })
})

describe('decompression bombs', () => {
  it('refuses a small file of too many pixels before decoding it', async () => {
    // 10000×10000 px of one colour: a few hundred kB on disk, 100 megapixels once decoded
    const bomb = await solid(10_000, 10_000).png({ compressionLevel: 9 }).toBuffer()
    expect(bomb.length).toBeLessThan(MAX_BYTES)
    const res = await h.api.rest('POST', '/api/media', {
      auth: customer,
      form: form(bomb, 'image/png', 'bomb.png'),
    })
    expect(res.status).toBe(400)
    expect(res.body.errors[0].data.errors[0].message).toMatch(
      /100 megapixels\); images may have at most 50 megapixels/,
    )
  })
})

describe('media on S3 (s3rver on loopback)', () => {
  let s3rver: S3rver
  let s3Cms: RunningCms
  let s3: S3Client
  let dir: string

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'smm-s3-'))
    const port = await freePort()
    s3rver = new S3rver({
      port,
      address: '127.0.0.1',
      silent: true,
      directory: dir,
      configureBuckets: [{ name: 'media', configs: [] }],
    })
    await s3rver.run()
    const endpoint = `http://127.0.0.1:${port}`
    s3 = new S3Client({
      endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    })
    s3Cms = await startCms({
      databaseUrl: h.databaseUrl,
      env: {
        S3_BUCKET: 'media',
        S3_ENDPOINT: endpoint,
        S3_REGION: 'us-east-1',
        S3_ACCESS_KEY_ID: 'S3RVER',
        S3_SECRET_ACCESS_KEY: 'S3RVER',
        S3_FORCE_PATH_STYLE: 'true',
      },
    })
  })

  afterAll(async () => {
    await s3Cms?.stop()
    await s3rver?.close()
    s3?.destroy()
    rmSync(dir, { recursive: true, force: true })
  })

  it('puts the object in the bucket and serves it back through the CMS, to its owner only', async () => {
    const api = client(s3Cms.url)
    const token = await api.login(SEED.customer.email, SEED.customer.password)
    const png = await solid(640, 480).png().toBuffer()
    const res = await api.rest('POST', '/api/media?depth=0', {
      auth: { token },
      form: form(png, 'image/png', 's3photo.png'),
    })
    expect(res.status).toBe(201)
    const { filename } = res.body.doc
    expect(existsSync(path.join(MEDIA_DIR, filename))).toBe(false)

    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'media' }))
    const keys = (listed.Contents ?? []).map((o) => o.Key)
    expect(keys).toContain(filename)
    const object = await s3.send(new GetObjectCommand({ Bucket: 'media', Key: filename }))
    const stored = Buffer.from(await object.Body!.transformToByteArray())

    const served = await fetch(`${s3Cms.url}${res.body.doc.url}`, {
      headers: { authorization: `JWT ${token}` },
    })
    expect(served.status).toBe(200)
    expect(Buffer.from(await served.arrayBuffer()).equals(stored)).toBe(true)
    const anonymous = await fetch(`${s3Cms.url}${res.body.doc.url}`)
    expect([403, 404]).toContain(anonymous.status)
  })
})
