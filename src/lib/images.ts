import sharp from 'sharp'

/**
 * Image decoding is the costliest thing a request can ask for (a 311 KB PNG of 10000×10000 px
 * takes 1.25 s and 230 MB to decode), so it is bounded twice: a pixel limit on every image sharp
 * opens, and a process-wide cap on how many images are decoded or encoded at once. Payload runs
 * its upload processing through the `sharp` it is given, so that one is wrapped here.
 */
type Sharp = typeof sharp
type Instance = ReturnType<Sharp>

/** The sharp calls that decode or encode (the rest only describe the work). */
const WORK = new Set(['toBuffer', 'toFile', 'stats'])

class Gate {
  private running = 0
  private readonly waiting: Array<() => void> = []
  constructor(private readonly size: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve))
    else this.running++
    try {
      return await work()
    } finally {
      const next = this.waiting.shift()
      if (next) next()
      else this.running--
    }
  }
}

/**
 * `sharp` with `limitInputPixels` forced and its heavy calls queued behind `concurrency`, each
 * image on one libvips thread: image work takes at most `concurrency` cores, whatever arrives.
 */
export function boundedSharp(options: { maxPixels: number; concurrency: number }): Sharp {
  const gate = new Gate(options.concurrency)
  sharp.concurrency(1)
  const wrap = (instance: Instance): Instance => {
    const proxy: Instance = new Proxy(instance, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver)
        if (typeof value !== 'function') return value
        if (typeof property === 'string' && WORK.has(property)) {
          return (...args: unknown[]) =>
            gate.run(() => (value as (...a: unknown[]) => Promise<unknown>).apply(target, args))
        }
        return (...args: unknown[]) => {
          const result = (value as (...a: unknown[]) => unknown).apply(target, args)
          // chained calls return the instance itself; clone() returns a new one
          if (result === target) return proxy
          return result instanceof sharp ? wrap(result as Instance) : result
        }
      },
    })
    return proxy
  }
  const bounded = ((input?: unknown, opts?: sharp.SharpOptions) => {
    const limit = { limitInputPixels: options.maxPixels }
    // sharp(options) alone: the first argument is the options (a blank canvas, say)
    const optionsOnly =
      opts === undefined &&
      input !== null &&
      typeof input === 'object' &&
      !ArrayBuffer.isView(input) &&
      !Array.isArray(input)
    return wrap(
      optionsOnly
        ? sharp({ ...(input as sharp.SharpOptions), ...limit })
        : sharp(input as Buffer, { ...opts, ...limit }),
    )
  }) as unknown as Sharp
  return Object.assign(bounded, sharp)
}
