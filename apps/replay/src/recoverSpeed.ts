import { Generator, randn } from '@descent/tensor'
import { type Printed, SPEED_LOG, SPEED_OUTPUTS, parseLossLog, parseTensorText } from './documented.js'

/** 002's speed data and initial parameters, recovered from what the post printed. */
export interface SpeedRecovery {
  speed: number[]
  params0: number[]
  /** Σ t^k s_t for k = 2, 1, 0 and Σ s_t²: the only numbers of the data the log depends on */
  moments: { m: number[]; q: number }
  /** the largest misfit of a printed number, in units of its last digit (float32 losses: in 4 ulps) */
  maxMisfit: number
  explanation: string[]
}

/** What 002 printed about its speed data: the cell outputs (4 decimals) and the ten full-precision losses. */
export interface SpeedPrint {
  params0: Printed[]
  grad0: Printed[]
  loss0: Printed
  loss1: Printed
  losses: number[]
}

/** The numbers 002 itself printed (documented.ts). */
export const DOCUMENTED_SPEED: SpeedPrint = {
  params0: parseTensorText(SPEED_OUTPUTS.params0),
  grad0: parseTensorText(SPEED_OUTPUTS.grad0),
  loss0: parseTensorText(SPEED_OUTPUTS.loss0)[0],
  loss1: parseTensorText(SPEED_OUTPUTS.loss1)[0],
  losses: parseLossLog(SPEED_LOG),
}

const N = 20
const TIME = Array.from({ length: N }, (_, t) => t)
const ROWS = TIME.map((t) => [t * t, t, 1])
const LR = 1e-5

type Mat = number[][]
const matVec = (a: Mat, v: number[]) => a.map((row) => row.reduce((s, x, j) => s + x * v[j], 0))
const dotV = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0)
const transpose = (a: Mat) => a[0].map((_, j) => a.map((row) => row[j]))
const matMul = (a: Mat, b: Mat) => a.map((row) => b[0].map((_, j) => row.reduce((s, x, k) => s + x * b[k][j], 0)))

/** Solves a x = b by Gaussian elimination with partial pivoting (the systems here are 3x3 and 7x7). */
function solve(a: Mat, b: number[]): number[] {
  const n = b.length
  const m = a.map((row, i) => [...row, b[i]])
  for (let c = 0; c < n; c++) {
    let p = c
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r
    ;[m[c], m[p]] = [m[p], m[c]]
    for (let r = c + 1; r < n; r++) {
      const f = m[r][c] / m[c][c]
      for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k]
    }
  }
  const x = new Array<number>(n).fill(0)
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r][n]
    for (let k = r + 1; k < n; k++) s -= m[r][k] * x[k]
    x[r] = s / m[r][r]
  }
  return x
}

/** The Cholesky factor L of a symmetric positive definite matrix, G = L Lᵀ. */
function cholesky(g: Mat): Mat {
  const n = g.length
  const l = g.map(() => new Array<number>(n).fill(0))
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = g[i][j]
      for (let k = 0; k < j; k++) s -= l[i][k] * l[j][k]
      l[i][j] = i === j ? Math.sqrt(s) : s / l[j][j]
    }
  return l
}

const ulp32 = (x: number) => 2 ** (Math.floor(Math.log2(Math.abs(x))) - 23)

/**
 * Recovers data and initial parameters that reproduce 002's printed numbers. The loss of a quadratic fit,
 * L(p) = (pᵀGp − 2pᵀm + q)/n with G = TᵀT, m = Tᵀs, q = sᵀs, sees the 20 speeds only through m and q; so p0, m and
 * q are fitted to the printed params, gradient and losses (Levenberg–Marquardt, each residual in units of its last
 * printed digit), weakly tied to the notebook's generating model s = 0.5(t − 9.5)² + 1 + N(0, 1) where the log is
 * blind. The speeds are then the fitted quadratic T G⁻¹ m plus a noise vector orthogonal to t², t, 1 (its direction
 * from torch.randn(20, dtype=float64) after manual_seed(directionSeed), its length from q).
 * @example
 * const r = recoverSpeedData(0)
 * r.speed.length // 20
 */
export function recoverSpeedData(directionSeed = 0, printed: SpeedPrint = DOCUMENTED_SPEED): SpeedRecovery {
  const fit = fitMoments(printed)
  const { G, pFit, m, q, maxMisfit } = fit
  // s = T G⁻¹ m + r with r ⟂ (t², t, 1) and |r|² = q − mᵀG⁻¹m
  const coef = solve(G, m)
  const smooth = ROWS.map((row) => dotV(row, coef))
  const z = Array.from(randn([N], { dtype: 'float64', generator: new Generator().manualSeed(directionSeed) }).data)
  const zCoef = solve(G, matVec(transpose(ROWS), z))
  const zPerp = z.map((v, i) => v - dotV(ROWS[i], zCoef))
  const energy = Math.max(q - dotV(m, coef), 0)
  const scale = Math.sqrt(energy / dotV(zPerp, zPerp))
  const speed = smooth.map((v, i) => v + scale * zPerp[i])
  return {
    speed,
    params0: pFit,
    moments: { m, q },
    maxMisfit,
    explanation: [
      "002 fixes no seed, so its speed data are recovered from what it printed. The loss of a quadratic fit, " +
        'L(p) = (pᵀGp − 2pᵀm + q)/n with G = TᵀT, sees the data s only through m = Tᵀs = (Σt²s, Σts, Σs) and q = Σs².',
      `Fitting p0, m and q to the printed params, gradient and ${fit.printedLosses} losses (each in units of its last ` +
        `printed digit) gives p0 = [${pFit.map((v) => v.toFixed(6)).join(', ')}], m = [${m.map((v) => v.toFixed(3)).join(', ')}], ` +
        `q = ${q.toFixed(3)}; the worst printed number is off by ${maxMisfit.toFixed(2)} of a unit.`,
      `The speeds are the quadratic those moments fit, ${polynomial(coef)}, ` +
        `plus noise orthogonal to (t², t, 1) with the recovered energy ${energy.toFixed(3)} (its direction, which the log ` +
        `cannot see, is that of torch.randn(20, dtype=torch.float64) after manual_seed(${directionSeed})).`,
    ],
  }
}

const momentFits = new WeakMap<SpeedPrint, ReturnType<typeof fitMomentsOnce>>()
/** The moment fit does not depend on the noise direction: compute it once per print. */
function fitMoments(printed: SpeedPrint) {
  let fit = momentFits.get(printed)
  if (!fit) momentFits.set(printed, (fit = fitMomentsOnce(printed)))
  return fit
}

function fitMomentsOnce(printed: SpeedPrint) {
  const G = matMul(transpose(ROWS), ROWS)
  // a 4-decimal print of a float32 above ~1000 claims more digits than float32 has: count a unit as at least 2 ulps
  const float32Unit = (p: Printed): Printed => ({ value: p.value, unit: Math.max(p.unit, 2 * ulp32(p.value)) })
  const printedParams = printed.params0.map(float32Unit)
  const printedGrad = printed.grad0.map(float32Unit)
  const printedLoss0 = float32Unit(printed.loss0)
  const printedLoss1 = float32Unit(printed.loss1)
  const { losses } = printed
  const k = (2 / N) * LR
  // one step p' = p − lr (2/n)(Gp − m) = A p + lr (2/n) m
  const A = G.map((row, i) => row.map((g, j) => (i === j ? 1 : 0) - k * g))
  const prior = TIME.map((t) => 0.5 * (t - 9.5) ** 2 + 1)
  const mPrior = matVec(transpose(ROWS), prior)
  const Lg = cholesky(G)
  const dof = N - 3

  // θ = [p0 (3), m (3), q]
  const residuals = (theta: number[]) => {
    const p0 = theta.slice(0, 3)
    const m = theta.slice(3, 6)
    const q = theta[6]
    const rows: { r: number; j: number[] }[] = []
    const loss = (p: number[]) => (dotV(p, matVec(G, p)) - 2 * dotV(p, m) + q) / N
    const lossJ = (p: number[], D: Mat) => {
      const g = matVec(G, p).map((v, i) => (2 / N) * (v - m[i]))
      const j = new Array<number>(7).fill(0)
      for (let c = 0; c < 7; c++) j[c] = g.reduce((s, gi, i) => s + gi * D[i][c], 0)
      for (let i = 0; i < 3; i++) j[3 + i] -= (2 / N) * p[i]
      j[6] += 1 / N
      return j
    }
    for (let i = 0; i < 3; i++) {
      const j = new Array<number>(7).fill(0)
      j[i] = 1 / printedParams[i].unit
      rows.push({ r: (p0[i] - printedParams[i].value) / printedParams[i].unit, j })
    }
    const g0 = matVec(G, p0).map((v, i) => (2 / N) * (v - m[i]))
    for (let i = 0; i < 3; i++) {
      const j = new Array<number>(7).fill(0)
      for (let c = 0; c < 3; c++) j[c] = ((2 / N) * G[i][c]) / printedGrad[i].unit
      j[3 + i] = -(2 / N) / printedGrad[i].unit
      rows.push({ r: (g0[i] - printedGrad[i].value) / printedGrad[i].unit, j })
    }
    let p = p0
    let D: Mat = [0, 1, 2].map((i) => [0, 1, 2, 3, 4, 5, 6].map((c) => (c === i ? 1 : 0)))
    const add = (value: number, target: number, unit: number, j: number[]) =>
      rows.push({ r: (value - target) / unit, j: j.map((v) => v / unit) })
    add(loss(p), printedLoss0.value, printedLoss0.unit, lossJ(p, D))
    for (let step = 1; step <= losses.length; step++) {
      // PyTorch's step in float32: p − float32(lr · float32(grad)), rounded; the roundings of p are what move a
      // float32 loss of thousands by tens of ulps, so the model keeps them (its Jacobian is the unrounded one)
      const g = matVec(G, p).map((v, i) => Math.fround((2 / N) * (v - m[i])))
      p = p.map((v, i) => Math.fround(v - Math.fround(LR * g[i])))
      D = matMul(A, D).map((row, i) => row.map((v, c) => v + (c === 3 + i ? k : 0)))
      if (step === 1) add(loss(p), printedLoss1.value, printedLoss1.unit, lossJ(p, D))
      add(loss(p), losses[step - 1], 4 * ulp32(losses[step - 1]), lossJ(p, D))
    }
    // weak prior where the log is blind: m − m_prior ~ N(0, G) (unit noise), whitened by G = L Lᵀ
    const white = solveLower(
      Lg,
      m.map((v, i) => v - mPrior[i]),
    )
    const whiteJ = [0, 1, 2].map((i) => solveLower(Lg, [0, 1, 2].map((c) => (c === i ? 1 : 0))))
    for (let i = 0; i < 3; i++) {
      const j = new Array<number>(7).fill(0)
      for (let c = 0; c < 3; c++) j[3 + c] = whiteJ[c][i]
      rows.push({ r: white[i], j })
    }
    // and the residual noise energy q − mᵀG⁻¹m ~ χ²(17): mean 17, sd √34
    const gim = solve(G, m)
    const j = new Array<number>(7).fill(0)
    for (let c = 0; c < 3; c++) j[3 + c] = (-2 * gim[c]) / Math.sqrt(2 * dof)
    j[6] = 1 / Math.sqrt(2 * dof)
    rows.push({ r: (q - dotV(m, gim) - dof) / Math.sqrt(2 * dof), j })
    return rows
  }

  // start: p0 as printed, m from the printed gradient, q from the printed loss
  const p0 = printedParams.map((p) => p.value)
  const m0 = matVec(G, p0).map((v, i) => v - (N / 2) * printedGrad[i].value)
  const q0 = N * printedLoss0.value - dotV(p0, matVec(G, p0)) + 2 * dotV(p0, m0)
  let theta = [...p0, ...m0, q0]
  const cost = (t: number[]) => residuals(t).reduce((s, { r }) => s + r * r, 0)
  let lambda = 1e-3
  let current = cost(theta)
  for (let iter = 0; iter < 500; iter++) {
    const rows = residuals(theta)
    // Levenberg–Marquardt with the columns scaled to unit norm (the unknowns span ten orders of magnitude), each
    // step solved by QR on [J; √λ I] rather than through JᵀJ, whose condition number would be squared
    const scale = [0, 1, 2, 3, 4, 5, 6].map((c) => Math.hypot(...rows.map(({ j }) => j[c])) || 1)
    const a = [
      ...rows.map(({ j }) => j.map((v, c) => v / scale[c])),
      ...scale.map((_, c) => scale.map((__, k) => (k === c ? Math.sqrt(lambda) : 0))),
    ]
    const b = [...rows.map(({ r }) => r), ...scale.map(() => 0)]
    const delta = leastSquares(a, b).map((v, c) => v / scale[c])
    const next = theta.map((v, i) => v - delta[i])
    const nextCost = cost(next)
    if (nextCost < current) {
      const gain = current - nextCost
      theta = next
      current = nextCost
      lambda = Math.max(lambda / 3, 1e-15)
      if (gain < 1e-14 * current) break
    } else {
      lambda *= 4
      if (lambda > 1e12) break
    }
  }
  const pFit = theta.slice(0, 3)
  const m = theta.slice(3, 6)
  const q = theta[6]
  const fitted = residuals(theta)
  // the priors are not printed numbers: the misfit counts only the printed ones
  const maxMisfit = Math.max(...fitted.slice(0, fitted.length - 4).map(({ r }) => Math.abs(r)))

  return { G, pFit, m, q, maxMisfit, printedLosses: losses.length + 2 }
}

/** The least-squares solution of a x ≈ b by Householder QR (a is m × n with m ≥ n and full column rank). */
function leastSquares(a: Mat, b: number[]): number[] {
  const m = a.length
  const n = a[0].length
  const r = a.map((row) => [...row])
  const y = [...b]
  for (let k = 0; k < n; k++) {
    let norm = 0
    for (let i = k; i < m; i++) norm += r[i][k] * r[i][k]
    norm = Math.sqrt(norm)
    if (norm === 0) continue
    const alpha = r[k][k] > 0 ? -norm : norm
    const v = new Array<number>(m).fill(0)
    for (let i = k; i < m; i++) v[i] = r[i][k]
    v[k] -= alpha
    let vv = 0
    for (let i = k; i < m; i++) vv += v[i] * v[i]
    if (vv === 0) continue
    for (let c = k; c < n; c++) {
      let d = 0
      for (let i = k; i < m; i++) d += v[i] * r[i][c]
      const f = (2 * d) / vv
      for (let i = k; i < m; i++) r[i][c] -= f * v[i]
    }
    let d = 0
    for (let i = k; i < m; i++) d += v[i] * y[i]
    const f = (2 * d) / vv
    for (let i = k; i < m; i++) y[i] -= f * v[i]
  }
  const x = new Array<number>(n).fill(0)
  for (let k = n - 1; k >= 0; k--) {
    let s = y[k]
    for (let c = k + 1; c < n; c++) s -= r[k][c] * x[c]
    x[k] = s / r[k][k]
  }
  return x
}

/** Solves L x = b for lower-triangular L. */
function solveLower(l: Mat, b: number[]): number[] {
  const x = new Array<number>(b.length).fill(0)
  for (let i = 0; i < b.length; i++) {
    let s = b[i]
    for (let k = 0; k < i; k++) s -= l[i][k] * x[k]
    x[i] = s / l[i][i]
  }
  return x
}

/** `0.5030 t² − 9.5707 t + 46.3375` */
function polynomial([a, b, c]: number[]): string {
  const term = (v: number, first: boolean) =>
    first ? v.toFixed(4) : `${v < 0 ? '−' : '+'} ${Math.abs(v).toFixed(4)}`
  return `${term(a, true)} t² ${term(b, false)} t ${term(c, false)}`
}
