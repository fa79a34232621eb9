/**
 * The seven workloads of issue 9, with every parameter that defines them.
 *
 * Each peer process receives its workload's parameters as JSON, so the definitions live here and only here:
 * the TypeScript peers and the Python peer read the same numbers.
 */

/** Whether a smaller or a larger value is the better one. */
export type Better = 'lower' | 'higher'

export interface Workload {
  name: string
  /** The unit of the result's value. */
  unit: string
  better: Better
  /** The target for descent, if it sets one now. */
  target?: number
  /** Values below this are noise (a few pages of heap): no ratio is printed when either value is under it. */
  noiseFloor?: number
  description: string
  params: Record<string, number | number[]>
  /** Small parameters for a smoke run (`--quick`): the output's shape, not meaningful numbers. */
  quick: Record<string, number | number[]>
}

export const workloads: Workload[] = [
  {
    name: 'loop-scalar',
    unit: 'µs/iter',
    better: 'lower',
    target: 2,
    description:
      "PART 3's loop: w·X, mean squared error, backward, SGD step, zeroGrad; median over blocks of iterations",
    params: { warmup: 1000, blocks: 10, blockSize: 1000, lr: 0.01 },
    quick: { warmup: 10, blocks: 3, blockSize: 10, lr: 0.01 },
  },
  {
    name: 'linear-module',
    unit: 'ms',
    better: 'lower',
    target: 5,
    description:
      "Example 3's loop: 50 epochs of per-sample L1/SGD training on 35 points, per-sample evaluation on 15",
    params: { epochs: 50, warmupRuns: 1, runs: 3, lr: 1e-3, weight: 0.3367, bias: 0.1288 },
    quick: { epochs: 2, warmupRuns: 1, runs: 3, lr: 1e-3, weight: 0.3367, bias: 0.1288 },
  },
  {
    name: 'scalar-graph',
    unit: 'µs/node',
    better: 'lower',
    target: 0.3,
    description: '1,000 steps of v = v·1.0001 + sin(v)·0.001 from x = 0.5, then backward; 4 nodes per step',
    params: { steps: 1000, warmup: 20, runs: 50 },
    quick: { steps: 10, warmup: 1, runs: 3 },
  },
  {
    name: 'elementwise',
    unit: 'ms',
    better: 'lower',
    target: 0.5,
    description: 'a·b + c on 1,000,000-element float32 arrays',
    params: { size: 1_000_000, warmup: 10, runs: 50 },
    quick: { size: 1000, warmup: 1, runs: 3 },
  },
  {
    name: 'mlp',
    unit: 'ms/step',
    better: 'lower',
    description:
      '784 → 256 → ReLU → 10, softmax cross-entropy, SGD lr 0.1 momentum 0.9, one fixed batch of 128',
    params: { batch: 128, inFeatures: 784, hidden: 256, classes: 10, lr: 0.1, momentum: 0.9, warmup: 5, runs: 50 },
    quick: { batch: 4, inFeatures: 8, hidden: 6, classes: 3, lr: 0.1, momentum: 0.9, warmup: 1, runs: 3 },
  },
  {
    name: 'matmul',
    unit: 'GFLOP/s',
    better: 'higher',
    description: 'square float32 C = A@B; 2n³ / median time, at least 0.5 s of timed work per size',
    params: { sizes: [128, 256, 512, 1024], minSeconds: 0.5, minRuns: 3 },
    quick: { sizes: [4, 8], minSeconds: 0.001, minRuns: 3 },
  },
  {
    name: 'memory',
    unit: 'MB',
    better: 'lower',
    target: 1,
    noiseFloor: 1,
    description: 'heap growth over one million loop-scalar iterations, after a forced GC (1 MB = 10⁶ bytes)',
    params: { warmup: 1000, iterations: 1_000_000, lr: 0.01 },
    quick: { warmup: 10, iterations: 100, lr: 0.01 },
  },
]

/** The name a matmul result carries for one size: `matmul-1024`. */
export const matmulName = (n: number): string => `matmul-${n}`

/** Finds a workload by its name or by one of its result names (`matmul-512` belongs to `matmul`). */
export function findWorkload(name: string): Workload | undefined {
  return workloads.find((w) => w.name === name || name.startsWith(`${w.name}-`))
}

/** The message each peer process receives in its first argument. */
export interface Job {
  workload: string
  params: Record<string, number | number[]>
  /** Wall time (the default) or the process's CPU time. */
  clock?: Clock
}

/** What a peer times with: wall time, or the process's CPU time (steadier when other processes share the CPU). */
export type Clock = 'wall' | 'cpu'
