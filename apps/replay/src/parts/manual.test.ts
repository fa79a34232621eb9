import { fourPoints } from '@descent/datasets'
import { test } from '@fast-check/vitest'
import { array } from '@descent/tensor'
import { tensor } from '@descent/autograd'
import { describe, expect } from 'vitest'
import { PART1_LOG, parseEpochLog } from '../documented.js'
import { cases } from '../fixtures.js'
import { formatFixed } from '../pyFormat.js'
import { arbProblem, stableLrW } from './arbitraries.js'
import { manual, trainManual } from './manual.js'
import { trainAutograd } from './scalarFit.js'

const f32 = (xs: number[]) => array(xs, { dtype: 'float32' })
const t32 = (xs: number[]) => tensor(xs, { dtype: 'float32' })

describe('manual (003 PART 1)', () => {
  const result = manual.run({})

  test('matches the documented 10 epochs: w to its 3 printed decimals, loss within 1e-4 relative', () => {
    const documented = parseEpochLog(PART1_LOG)
    expect(result.records).toHaveLength(10)
    documented.forEach((d, i) => {
      const r = result.records[i] as { w: number; loss: number }
      expect(formatFixed(r.w, 3)).toBe(formatFixed(d.w.value, 3))
      // 1e-4 relative, except where the 8 printed decimals hold fewer digits than that (0.00001288 is ±0.5e-8)
      expect(Math.abs(r.loss - d.loss.value)).toBeLessThanOrEqual(Math.max(1e-4 * d.loss.value, d.loss.unit / 2))
    })
  })

  test('equals NumPy 1.24 bit for bit: w, loss, the gradient as written and the true one (oracle)', () => {
    const oracle = cases.manual.records as { w: number; loss: number; dw: number; true_dw: number }[]
    expect(result.records).toEqual(oracle.map((o, i) => ({ epoch: i + 1, w: o.w, loss: o.loss, dw: o.dw, true_dw: o.true_dw })))
    expect(result.lines).toEqual(cases.manual.lines)
  })

  test('prints the true gradient beside each line and says the written one is n times too big', () => {
    expect(result.annotations?.[0]).toBe('dw as written = -120.0000, true dMSE/dw = -30.0000')
    expect(result.notes[0]).toContain('n = 4 times the true MSE gradient')
  })

  test('--epochs and --lr change the run as NumPy does (oracle)', () => {
    const r = manual.run({ epochs: 5, lr: 0.02 })
    expect(r.lines).toEqual(cases.options['manual_lr0.02_epochs5'].lines)
    expect(r.mode).toBe('deterministic')
  })
})

describe('PART 1 against PART 2 (properties)', () => {
  test.prop([arbProblem], { numRuns: 25 })(
    'with the true gradient PART 1 follows PART 2 to float32 rounding',
    ({ xs, ys, lrFraction, w0 }) => {
      const lr = lrFraction * stableLrW(xs)
      const p1 = trainManual(f32(xs), f32(ys), lr, 8, { w0, trueGradient: true })
      const p2 = trainAutograd(t32(xs), t32(ys), lr, 8, { w0, stopEarly: false })
      const scale = 1 + Math.abs(w0) + Math.max(...ys.map(Math.abs))
      p1.forEach((e, i) => {
        expect(Math.abs(e.w - p2[i].w)).toBeLessThanOrEqual(1e-5 * scale)
        expect(Math.abs(e.loss - p2[i].loss)).toBeLessThanOrEqual(1e-5 * (1 + p2[i].loss))
      })
    },
  )

  test.prop([arbProblem], { numRuns: 25 })(
    'as written PART 1 equals PART 2 run with n times the learning rate',
    ({ xs, ys, lrFraction, w0 }) => {
      const n = xs.length
      // PART 1's step is n times PART 2's, so it is stable below the bound divided by n
      const lr = (lrFraction * stableLrW(xs)) / n
      const p1 = trainManual(f32(xs), f32(ys), lr, 8, { w0 })
      const p2 = trainAutograd(t32(xs), t32(ys), n * lr, 8, { w0, stopEarly: false })
      const scale = 1 + Math.abs(w0) + Math.max(...ys.map(Math.abs))
      p1.forEach((e, i) => {
        expect(e.dw).toBeCloseTo(n * e.trueDw, 3)
        expect(Math.abs(e.w - p2[i].w)).toBeLessThanOrEqual(1e-5 * scale)
      })
    },
  )

  test('uses the notebook data', () => {
    const { X, y } = fourPoints()
    expect(trainManual(X.array, y.array, 0.01, 1)[0]).toEqual({ epoch: 1, w: 1.2, loss: 30, dw: -120, trueDw: -30 })
  })
})

