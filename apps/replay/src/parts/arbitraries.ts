import { fc } from '@fast-check/vitest'

/** A small regression problem: n points with float32-exact coordinates, a learning rate below the stable bound. */
export interface Problem {
  xs: number[]
  ys: number[]
  /** a fraction of the stable bound 2 / L'' of the loss in w */
  lrFraction: number
  w0: number
  b0: number
}

const coordinate = fc.integer({ min: -40, max: 40 }).map((k) => k / 8)

/** Data sets of 2 to 8 points, not all x zero, with initial weights in [-2, 2]. */
export const arbProblem: fc.Arbitrary<Problem> = fc
  .integer({ min: 2, max: 8 })
  .chain((n) =>
    fc.record({
      xs: fc.array(coordinate, { minLength: n, maxLength: n }),
      ys: fc.array(coordinate, { minLength: n, maxLength: n }),
      lrFraction: fc.double({ min: 0.05, max: 0.9, noNaN: true }),
      w0: coordinate.map((v) => v / 2),
      b0: coordinate.map((v) => v / 2),
    }),
  )
  .filter((p) => p.xs.some((x) => Math.abs(x) >= 0.25))

/** The stable bound of gradient descent on the MSE of w·x: lr < 2 / ((2/n) Σx²) = n / Σx². */
export const stableLrW = (xs: number[]) => xs.length / xs.reduce((s, x) => s + x * x, 0)

/** The stable bound for (w, b): 2 / λmax of the Hessian (2/n)[[Σx², Σx], [Σx, n]]. */
export function stableLrWB(xs: number[]): number {
  const n = xs.length
  const a = (2 / n) * xs.reduce((s, x) => s + x * x, 0)
  const b = (2 / n) * xs.reduce((s, x) => s + x, 0)
  const d = 2
  const lambdaMax = (a + d) / 2 + Math.sqrt(((a - d) / 2) ** 2 + b * b)
  return 2 / lambdaMax
}

/** The smallest MSE a line through the origin (`withBias` false) or any line can reach on the data. */
export function bestLoss(xs: number[], ys: number[], withBias: boolean): number {
  const n = xs.length
  const mean = (f: (i: number) => number) => xs.reduce((s, _, i) => s + f(i), 0) / n
  let w: number
  let b = 0
  if (withBias) {
    const mx = mean((i) => xs[i])
    const my = mean((i) => ys[i])
    const vx = mean((i) => (xs[i] - mx) ** 2)
    w = vx === 0 ? 0 : mean((i) => (xs[i] - mx) * (ys[i] - my)) / vx
    b = my - w * mx
  } else w = mean((i) => xs[i] * ys[i]) / mean((i) => xs[i] * xs[i])
  return mean((i) => (ys[i] - w * xs[i] - b) ** 2)
}
