/**
 * What every TypeScript peer process shares: reading its job, timing, and printing result lines.
 *
 * A peer process runs one workload and prints one result line per measurement on stdout. Anything else a
 * library prints (tfjs greets Node users on stdout) is not a result line, and the CLI passes it to stderr.
 */
import { formatResultLine } from '../result.js'
import { median } from '../summary.js'
import type { Job } from '../workloads.js'

/** Reads the job the CLI passed as the process's first argument, and sets the clock it asks for. */
export function readJob(): Job {
  const arg = process.argv[2]
  if (!arg) throw new Error('usage: <peer> \'{"workload": "...", "params": {...}}\'')
  const job = JSON.parse(arg) as Job
  now = job.clock === 'cpu' ? cpuNow : wallNow
  return job
}

/** Prints one result line. */
export function emit(peer: string, workload: string, value: number, unit: string, check: number): void {
  process.stdout.write(`${formatResultLine({ peer, workload, value, unit, check })}\n`)
}

// The peers take their medians from the summary's one implementation.
export { median }

const wallNow = (): number => performance.now()
const cpuNow = (): number => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}

/**
 * Milliseconds on the job's clock: wall time from a monotonic clock (the default), or the process's CPU time
 * (`--clock cpu`), which time slices given to other processes on a loaded machine do not inflate.
 */
export let now = wallNow

/** Times `fn` `runs` times after `warmup` untimed calls; returns each run's milliseconds. */
export function timeRuns(fn: () => void, warmup: number, runs: number): number[] {
  for (let i = 0; i < warmup; i++) fn()
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = now()
    fn()
    times.push(now() - t0)
  }
  return times
}

/** Times `fn` until at least `minSeconds` of timed work and `minRuns` runs; returns the median milliseconds. */
export function timeFor(fn: () => void, minSeconds: number, minRuns: number): number {
  fn()
  const times: number[] = []
  let total = 0
  while (times.length < minRuns || total < minSeconds * 1000) {
    const t0 = now()
    fn()
    const dt = now() - t0
    times.push(dt)
    total += dt
  }
  return median(times)
}

/** Forces a full collection; the peers run with `--expose-gc`. */
export function forceGc(): void {
  const gc = (globalThis as { gc?: () => void }).gc
  if (!gc) throw new Error('the memory workload needs node --expose-gc')
  // Twice: the first pass may only queue finalizers (FinalizationRegistry, weak refs) that free more.
  gc()
  gc()
}

/** Bytes held by the process's JavaScript objects and the array buffers behind typed arrays. */
export function heapBytes(): number {
  const m = process.memoryUsage()
  return m.heapUsed + m.external
}

/** The elementwise workload's inputs: exact in float32, so every peer's output sums to the same number. */
export function elementwiseInputs(n: number): [Float32Array, Float32Array, Float32Array] {
  const a = new Float32Array(n)
  const b = new Float32Array(n)
  const c = new Float32Array(n)
  for (let i = 0; i < n; i++) {
    a[i] = ((i % 7) - 3) * 0.5
    b[i] = ((i % 5) - 2) * 0.25
    c[i] = (i % 3) - 1
  }
  return [a, b, c]
}

/** The matmul workload's inputs: multiples of 1/4, so C is exact whatever the summation order. */
export function matmulInputs(n: number): [Float32Array, Float32Array] {
  const a = new Float32Array(n * n)
  const b = new Float32Array(n * n)
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      a[i * n + j] = (((i + 2 * j) % 9) - 4) / 4
      b[i * n + j] = (((2 * i + j) % 7) - 3) / 4
    }
  }
  return [a, b]
}

/** The float64 sum of an array: a check that does not depend on the peer's summation order when exact. */
export function sumOf(xs: ArrayLike<number>): number {
  let s = 0
  for (let i = 0; i < xs.length; i++) s += xs[i]
  return s
}

/** Example 3's data: X = arange(0, 1, 0.02) in float32, y = 0.7X + 0.3; first 35 points train, last 15 test. */
export function linearData(): { xTrain: number[]; yTrain: number[]; xTest: number[]; yTest: number[] } {
  // np.arange(0, 1, 0.02) is float64 i·0.02; y is computed in float64, then both are cast to float32.
  const x = Array.from({ length: 50 }, (_, i) => i * 0.02)
  const y = x.map((v) => 0.7 * v + 0.3)
  const f = (v: number) => Math.fround(v)
  return {
    xTrain: x.slice(0, 35).map(f),
    yTrain: y.slice(0, 35).map(f),
    xTest: x.slice(35).map(f),
    yTest: y.slice(35).map(f),
  }
}
