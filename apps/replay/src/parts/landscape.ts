import * as Plot from '@observablehq/plot'
import { landscape, landscapeGradient, randomStarts } from '@descent/datasets'
import { type NDArray, array, mul, sub, tolist } from '@descent/tensor'
import { type Part, type PartResult, type RunOptions, seedNote } from '../part.js'
import { TAB10, figure } from '../plot/figure.js'

/**
 * Example 1's `descenso_gradiente` (its function and gradient from @descent/datasets): uniform random starts in [0, 10)², then plain gradient descent; returns the
 * (iterations + 1, points, 2) trajectories. See https://numpy.org/doc/1.24/reference/random/generated/numpy.random.rand.html
 * @example
 * descend(0, 5, 30, 1e-3)[0][0] // [5.488135039273248, 7.151893663724195]
 */
export function descend(seed: number, points: number, iterations: number, lr: number): number[][][] {
  let X: NDArray = randomStarts(points, { randomState: seed })
  const trajectories = [tolist(X) as number[][]]
  for (let i = 0; i < iterations; i++) {
    X = sub(X, mul(landscapeGradient(X), lr))
    trajectories.push(tolist(X) as number[][])
  }
  return trajectories
}

function contourFigure(trajectories: number[][][]) {
  // f on a 121 x 121 grid over [0, 10]², evaluated with the same NDArray code as the descent
  const n = 121
  const grid: number[][] = []
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) grid.push([(10 * i) / (n - 1), (10 * j) / (n - 1)])
  const values = tolist(landscape(array(grid, { dtype: 'float64' }))) as number[]
  const paths = trajectories[0].flatMap((_, p) => trajectories.map((t, it) => ({ p, it, x: t[p][0], y: t[p][1] })))
  return figure(
    'trajectories',
    'Gradient Descent Trajectories',
    {
      width: 560,
      height: 520,
      grid: true,
      x: { label: 'x1', domain: [0, 10] },
      y: { label: 'x2', domain: [0, 10] },
      color: { type: 'linear', scheme: 'viridis' },
      marks: [
        Plot.contour(values, {
          width: n,
          height: n,
          x1: 0,
          x2: 10,
          y1: 0,
          y2: 10,
          fill: Plot.identity,
          stroke: 'white',
          strokeOpacity: 0.5,
          fillOpacity: 0.55,
          thresholds: 14,
        }),
        Plot.line(paths, { x: 'x', y: 'y', z: 'p', stroke: (d: { p: number }) => TAB10[d.p % 10] }),
        Plot.dot(paths, { x: 'x', y: 'y', stroke: (d: { p: number }) => TAB10[d.p % 10], r: 2.5 }),
      ],
    },
    trajectories[0].map((_, p) => ({ label: `point ${p}`, color: TAB10[p % 10], symbol: 'line' as const })),
  )
}

/** `replay landscape`: Example 1's five random starts descending the 2-D landscape, over its contour. */
export const landscapePart: Part = {
  id: 'landscape',
  source: '000/001 Example 1',
  title: 'gradient descent from 5 random starts on sin(x1)cos(x2) + sin(x1/2)cos(x2/2)',
  defaults: { epochs: 30, lr: 1e-3 },
  run(options: RunOptions): PartResult {
    const seed = options.seed ?? 0
    const iterations = options.epochs ?? 30
    const lr = options.lr ?? 1e-3
    const trajectories = descend(seed, 5, iterations, lr)
    options.onProgress?.(iterations, iterations)
    const values = trajectories.map((t) => tolist(landscape(array(t, { dtype: 'float64' }))) as number[])
    const meanF = values.map((v) => v.reduce((a, b) => a + b, 0) / v.length)
    return {
      id: 'landscape',
      mode: 'seeded',
      seed,
      notes: [
        seedNote(
          `np.random.seed(${seed}); X = np.random.rand(5, 2) * 10; ${iterations} steps of X -= ${lr} * gradiente(X)`,
          options,
        ),
      ],
      lines: trajectories.map(
        (t, i) => `iteration ${i}: ${t.map(([a, b]) => `(${a.toFixed(4)}, ${b.toFixed(4)})`).join(' ')}`,
      ),
      records: trajectories.map((t, i) => ({ iteration: i, points: t })),
      summary: { start: trajectories[0], end: trajectories[iterations], f_start: values[0], f_end: values[iterations] },
      lossCurve: meanF.map((v, i) => [i, v]),
      lossLabel: 'mean f over the 5 points',
      figures: [contourFigure(trajectories)],
    }
  },
}
