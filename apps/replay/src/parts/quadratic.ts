import * as Plot from '@observablehq/plot'
import type { Tensor } from '@descent/autograd'
import { TAB10, figure } from '../plot/figure.js'

/** `a * t**2 + b * t + c` with `a, b, c = params`, the model of 000/001 Example 2 and of 002. */
export function quadratic(t: Tensor, params: Tensor): Tensor {
  const [a, b, c] = params
  return a.mul(t.pow(2)).add(b.mul(t)).add(c)
}

/**
 * The notebooks' `show_preds`: the data in blue and a model's predictions in red.
 * @example
 * showPreds('preds-0', 'Initial predictions', time, speed, preds)
 */
export function showPreds(
  name: string,
  title: string,
  time: number[],
  real: number[],
  preds: number[],
  opts: { yDomain?: [number, number]; labels?: [string, string]; width?: number; yLabel?: string } = {},
) {
  const realPts = time.map((t, i) => [t, real[i]])
  const predPts = time.map((t, i) => [t, preds[i]])
  const [realLabel, predLabel] = opts.labels ?? ['Real', 'Predicted']
  return figure(
    name,
    title,
    {
      width: opts.width ?? 480,
      height: 320,
      grid: true,
      x: { label: 'time' },
      y: { label: opts.yLabel ?? 'speed', ...(opts.yDomain ? { domain: opts.yDomain, clamp: true } : {}) },
      marks: [
        Plot.dot(realPts, { x: '0', y: '1', fill: TAB10[0], r: 3 }),
        Plot.dot(predPts, { x: '0', y: '1', fill: TAB10[3], r: 3 }),
      ],
    },
    [
      { label: realLabel, color: TAB10[0] },
      { label: predLabel, color: TAB10[3] },
    ],
  )
}

/** A scatter of the data alone (`plt.scatter(time, speed)`). */
export function scatterData(name: string, title: string, time: number[], values: number[], labels: [string, string]) {
  return figure(name, title, {
    width: 480,
    height: 320,
    grid: true,
    x: { label: labels[0] },
    y: { label: labels[1] },
    marks: [Plot.dot(
      time.map((t, i) => [t, values[i]]),
      { x: '0', y: '1', fill: TAB10[0], r: 3 },
    )],
  })
}
