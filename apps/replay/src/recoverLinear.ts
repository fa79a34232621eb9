import { fourPoints } from '@descent/datasets'
import type { DocumentedEpoch } from './documented.js'

/** One-feature least squares trained by full-batch gradient descent on MSE: 003 PART 4's setting. */
export interface LinearProblem {
  x: number[]
  y: number[]
  lr: number
}

const points = fourPoints()

/** 003 PART 4: the notebook's four points (X = [1, 2, 3, 4], y = 2X), SGD with lr 0.01. */
export const PART4_PROBLEM: LinearProblem = {
  x: points.X.tolist() as number[],
  y: points.y.tolist() as number[],
  lr: 0.01,
}

/** The recovered initial parameters and how well they explain every printed digit. */
export interface Recovery {
  w0: number
  b0: number
  /** w0, b0 from inverting the first update alone (before the losses refine them) */
  fromFirstUpdate: { w0: number; b0: number }
  /** the largest misfit of any printed w, b or loss, in units of its last printed digit (<= 0.5: all digits agree) */
  maxMisfit: number
  /** how the numbers were found, for the part's output and the README */
  explanation: string[]
}

type Vec = [number, number]
type Mat = [[number, number], [number, number]]

const mulMV = (m: Mat, v: Vec): Vec => [m[0][0] * v[0] + m[0][1] * v[1], m[1][0] * v[0] + m[1][1] * v[1]]
const mulMM = (a: Mat, b: Mat): Mat => [
  [a[0][0] * b[0][0] + a[0][1] * b[1][0], a[0][0] * b[0][1] + a[0][1] * b[1][1]],
  [a[1][0] * b[0][0] + a[1][1] * b[1][0], a[1][0] * b[0][1] + a[1][1] * b[1][1]],
]
const solve2 = (m: Mat, v: Vec): Vec => {
  const det = m[0][0] * m[1][1] - m[0][1] * m[1][0]
  return [(v[0] * m[1][1] - m[0][1] * v[1]) / det, (m[0][0] * v[1] - m[1][0] * v[0]) / det]
}

/** The MSE of `w x + b`, its gradient, and the affine map one SGD step applies to (w, b). */
export function linearMse(problem: LinearProblem) {
  const { x, y, lr } = problem
  const n = x.length
  const s = (f: (i: number) => number) => x.reduce((acc, _, i) => acc + f(i), 0)
  const sxx = s((i) => x[i] * x[i])
  const sx = s((i) => x[i])
  const sxy = s((i) => x[i] * y[i])
  const sy = s((i) => y[i])
  const syy = s((i) => y[i] * y[i])
  // L(w, b) = (1/n) Σ (w x + b - y)²; its gradient (2/n) [Σ x(wx+b-y), Σ (wx+b-y)] is affine in (w, b)
  const loss = ([w, b]: Vec) => (w * w * sxx + 2 * w * b * sx + n * b * b - 2 * w * sxy - 2 * b * sy + syy) / n
  const hessian: Mat = [
    [(2 / n) * sxx, (2 / n) * sx],
    [(2 / n) * sx, 2],
  ]
  const grad = ([w, b]: Vec): Vec => {
    const hp = mulMV(hessian, [w, b])
    return [hp[0] - (2 / n) * sxy, hp[1] - (2 / n) * sy]
  }
  // one step p' = p - lr ∇L(p) = A p + c with A = I - lr H, c = lr (2/n) [Σxy, Σy]
  const A: Mat = [
    [1 - lr * hessian[0][0], -lr * hessian[0][1]],
    [-lr * hessian[1][0], 1 - lr * hessian[1][1]],
  ]
  const c: Vec = [lr * (2 / n) * sxy, lr * (2 / n) * sy]
  const step = (p: Vec): Vec => {
    const ap = mulMV(A, p)
    return [ap[0] + c[0], ap[1] + c[1]]
  }
  return { loss, grad, hessian, A, c, step }
}

/**
 * Recovers the unseeded initial (w0, b0) of 003 PART 4 from its printed log: invert the first (affine) update for a
 * first estimate, then fit every printed w, b and loss by Gauss-Newton, each residual measured in units of its last
 * printed digit. See https://pytorch.org/docs/1.13/generated/torch.optim.SGD.html
 * @example
 * const r = recoverInitialLinear(parseEpochLog(PART4_LOG))
 * r.maxMisfit <= 0.5 // every printed digit is reproduced
 */
export function recoverInitialLinear(log: DocumentedEpoch[], problem: LinearProblem = PART4_PROBLEM): Recovery {
  const { loss, grad, A, c, step } = linearMse(problem)
  const first = log[0]
  if (!first || first.b === undefined) throw new Error('recoverInitialLinear needs a log with w and b')
  // (w1, b1) = A (w0, b0) + c, so (w0, b0) = A⁻¹ ((w1, b1) - c)
  const estimate = solve2(A, [first.w.value - c[0], first.b.value - c[1]])

  const residuals = (p0: Vec) => {
    const rows: { r: number; j: Vec }[] = []
    let p = p0
    let dp: Mat = [
      [1, 0],
      [0, 1],
    ]
    for (const e of log) {
      // the loss printed at epoch k is L(p_{k-1}); w and b printed are p_k, after the step
      const g = grad(p)
      const dl: Vec = [g[0] * dp[0][0] + g[1] * dp[1][0], g[0] * dp[0][1] + g[1] * dp[1][1]]
      rows.push({ r: (loss(p) - e.loss.value) / e.loss.unit, j: [dl[0] / e.loss.unit, dl[1] / e.loss.unit] })
      p = step(p)
      dp = mulMM(A, dp)
      rows.push({ r: (p[0] - e.w.value) / e.w.unit, j: [dp[0][0] / e.w.unit, dp[0][1] / e.w.unit] })
      if (e.b) rows.push({ r: (p[1] - e.b.value) / e.b.unit, j: [dp[1][0] / e.b.unit, dp[1][1] / e.b.unit] })
    }
    return rows
  }

  // Gauss-Newton on Σ wᵢ rᵢ², first with wᵢ = 1 (least squares), then Lawson-style reweighting wᵢ = |rᵢ|^(k-2) for
  // growing k, which moves towards the minimax fit: the one that keeps every printed digit inside its rounding
  const fit = (start: Vec, weightOf: (r: number) => number): Vec => {
    let p = start
    for (let iter = 0; iter < 30; iter++) {
      const rows = residuals(p)
      const jtj: Mat = [
        [0, 0],
        [0, 0],
      ]
      const jtr: Vec = [0, 0]
      for (const { r, j } of rows) {
        const w = weightOf(r)
        jtj[0][0] += w * j[0] * j[0]
        jtj[0][1] += w * j[0] * j[1]
        jtj[1][0] += w * j[1] * j[0]
        jtj[1][1] += w * j[1] * j[1]
        jtr[0] += w * j[0] * r
        jtr[1] += w * j[1] * r
      }
      const delta = solve2(jtj, jtr)
      p = [p[0] - delta[0], p[1] - delta[1]]
      if (Math.abs(delta[0]) + Math.abs(delta[1]) < 1e-15) break
    }
    return p
  }
  const misfit = (p: Vec) => Math.max(...residuals(p).map(({ r }) => Math.abs(r)))
  let p = fit(estimate, () => 1)
  let best = p
  for (const k of [4, 8, 16, 32, 64]) {
    if (misfit(best) <= 0.45) break
    p = fit(p, (r) => Math.max(Math.abs(r), 1e-3) ** (k - 2))
    if (misfit(p) < misfit(best)) best = p
  }
  // polish to the minimax: around the current point every residual is affine in the step d (the loss terms are
  // quadratic, but over a thousandth their curvature is nil), so max |rᵢ + Jᵢ d| is convex and piecewise linear in
  // the plane; nested ternary searches find its minimum, and relinearising twice absorbs the curvature
  const ternary = (f: (x: number) => number, lo: number, hi: number) => {
    for (let i = 0; i < 80; i++) {
      const m1 = lo + (hi - lo) / 3
      const m2 = hi - (hi - lo) / 3
      if (f(m1) < f(m2)) hi = m2
      else lo = m1
    }
    return (lo + hi) / 2
  }
  for (let round = 0; round < 3; round++) {
    const rows = residuals(best)
    const at = (dw: number, db: number) => Math.max(...rows.map(({ r, j }) => Math.abs(r + j[0] * dw + j[1] * db)))
    const bestDb = (dw: number) => ternary((db) => at(dw, db), -0.05, 0.05)
    const dw = ternary((dw) => at(dw, bestDb(dw)), -0.01, 0.01)
    const q: Vec = [best[0] + dw, best[1] + bestDb(dw)]
    if (misfit(q) < misfit(best)) best = q
  }
  p = best
  const maxMisfit = misfit(p)
  const [w0, b0] = p
  const explanation = [
    `PART 4's nn.Linear(1, 1) started from unseeded random weights; they are recovered from the printed log.`,
    `One SGD step on the MSE of w x + b is affine: (w1, b1) = A (w0, b0) + c with A = I - lr H, ` +
      `H = [[${fmt(2 * problem.x.reduce((a, v) => a + v * v, 0) / problem.x.length)}, ${fmt((2 * problem.x.reduce((a, v) => a + v, 0)) / problem.x.length)}], [.., 2]], ` +
      `so inverting it at the printed (w1, b1) = (${first.w.value}, ${first.b.value}) gives w0 ≈ ${fmt(estimate[0])}, b0 ≈ ${fmt(estimate[1])}.`,
    `Every later (w_k, b_k) is affine in (w0, b0) and every printed loss L(w_k, b_k) is quadratic in them, so a ` +
      `Gauss-Newton fit of all ${log.length} printed epochs (each residual in units of its last printed digit, reweighted ` +
      `towards the minimax fit) pins them down: ` +
      `w0 = ${fmt(w0)}, b0 = ${fmt(b0)}; the worst printed digit is off by ${maxMisfit.toFixed(3)} of a unit.`,
  ]
  return { w0, b0, fromFirstUpdate: { w0: estimate[0], b0: estimate[1] }, maxMisfit, explanation }
}

const fmt = (v: number) => v.toFixed(6)
