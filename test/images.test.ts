import { describe, expect, it } from '@jest/globals'
import sharp from 'sharp'

import { boundedSharp } from '../src/lib/images'

/** The sharp that Payload's upload processing is given: pixel limit and a cap on concurrent work. */
describe('boundedSharp', () => {
  const image = (size: number) =>
    sharp({ create: { width: size, height: size, channels: 3, background: { r: 90, g: 140, b: 200 } } })
      .png()
      .toBuffer()

  it('refuses to decode an image over the pixel limit', async () => {
    const bounded = boundedSharp({ maxPixels: 50 * 50, concurrency: 2 })
    const small = await image(40)
    const large = await image(60)
    await expect(bounded(small).resize(20).toBuffer()).resolves.toBeInstanceOf(Buffer)
    await expect(bounded(large).resize(20).toBuffer()).rejects.toThrow(/pixel limit/i)
  })

  it('runs at most `concurrency` images at once in this process', async () => {
    const bounded = boundedSharp({ maxPixels: 100_000_000, concurrency: 1 })
    const input = await image(2500)
    let peak = 0
    const sampler = setInterval(() => {
      peak = Math.max(peak, sharp.counters().process + sharp.counters().queue)
    }, 1)
    try {
      const outputs = await Promise.all(
        [1, 2, 3, 4].map((i) =>
          bounded(input)
            .rotate(90 * i)
            .resize(1800)
            .jpeg({ quality: 90 })
            .toBuffer(),
        ),
      )
      expect(outputs).toHaveLength(4)
    } finally {
      clearInterval(sampler)
    }
    // libvips saw one image at a time (each counts once, queued or processing)
    expect(peak).toBe(1)
  })

  it('keeps sharp usable as Payload calls it: chained, cloned, with metadata', async () => {
    const bounded = boundedSharp({ maxPixels: 100_000_000, concurrency: 2 })
    const base = bounded(await image(300)).rotate()
    const { data, info } = await base.clone().resize(100).toBuffer({ resolveWithObject: true })
    expect(info.width).toBe(100)
    expect(data.length).toBeGreaterThan(0)
    expect((await base.metadata()).width).toBe(300)
  })
})
