import * as Plot from '@observablehq/plot'
import type { Part } from '../part.js'
import { type Figure, TAB10, figure } from './figure.js'

/**
 * Draws a part's loss curve for the report, on a log scale when the loss spans more than two decades.
 * See https://observablehq.com/plot/marks/line
 * @example
 * const fig = lossCurveFigure(part, [[1, 30], [2, 4.8]])
 * writeFileSync('loss.svg', fig.svg)
 */
export function lossCurveFigure(part: Part, curve: [number, number][], label = 'loss'): Figure {
  const ys = curve.map(([, y]) => y).filter((y) => Number.isFinite(y))
  const positive = ys.every((y) => y > 0)
  const log = positive && Math.max(...ys) / Math.min(...ys) > 100
  return figure('loss', `${part.id}: ${label}`, {
    width: 560,
    height: 320,
    grid: true,
    x: { label: 'epoch' },
    y: { label, type: log ? 'log' : 'linear' },
    marks: [
      Plot.line(curve, { x: (d: [number, number]) => d[0], y: (d: [number, number]) => d[1], stroke: TAB10[0] }),
      Plot.dot(curve, { x: (d: [number, number]) => d[0], y: (d: [number, number]) => d[1], fill: TAB10[0], r: 2.5 }),
    ],
  })
}
