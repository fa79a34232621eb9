import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { type DocumentedEpoch, PART4_LOG, parseEpochLog } from './documented.js'
import { formatFixed } from './pyFormat.js'
import { PART4_PROBLEM, linearMse, recoverInitialLinear } from './recoverLinear.js'

/** The log 003 PART 4 would print from (w0, b0), with its rounding (w to 3 decimals, b to 2, loss to 4). */
function printedLog(w0: number, b0: number, epochs: number): DocumentedEpoch[] {
  const { loss, step } = linearMse(PART4_PROBLEM)
  let p: [number, number] = [w0, b0]
  const out: DocumentedEpoch[] = []
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const l = loss(p)
    p = step(p)
    out.push({
      epoch,
      w: { value: Number(formatFixed(p[0], 3)), unit: 1e-3 },
      b: { value: Number(formatFixed(p[1], 2)), unit: 1e-2 },
      loss: { value: Number(formatFixed(l, 4)), unit: 1e-4 },
    })
  }
  return out
}

describe('linearMse', () => {
  test('the affine step equals w - lr dL/dw computed from the sums', () => {
    const { grad, step, loss } = linearMse(PART4_PROBLEM)
    // L = 7.5w² + 5wb + b² - 30w - 10b + 30 for X = 1..4, y = 2X
    expect(loss([0, 0])).toBe(30)
    expect(grad([0, 0])).toEqual([-30, -10])
    const [w, b] = step([0.5, -0.25])
    expect(w).toBeCloseTo(0.5 - 0.01 * (15 * 0.5 + 5 * -0.25 - 30), 14)
    expect(b).toBeCloseTo(-0.25 - 0.01 * (5 * 0.5 + 2 * -0.25 - 10), 14)
  })
})

describe('recoverInitialLinear', () => {
  test('explains every printed digit of the documented PART 4 log with weights nn.Linear(1, 1) can draw', () => {
    const log = parseEpochLog(PART4_LOG)
    const r = recoverInitialLinear(log)
    expect(r.maxMisfit).toBeLessThanOrEqual(0.5)
    // kaiming_uniform(a=√5) and the bias bound 1/√fan_in: both U(-1, 1) for one input
    expect(Math.abs(r.w0)).toBeLessThan(1)
    expect(Math.abs(r.b0)).toBeLessThan(1)
    // the first update alone already lands near; the losses move b0 by a few thousandths
    expect(Math.abs(r.w0 - r.fromFirstUpdate.w0)).toBeLessThan(1e-3)
    expect(Math.abs(r.b0 - r.fromFirstUpdate.b0)).toBeLessThan(5e-3)
    expect(r.explanation.join(' ')).toContain('affine')
  })

  test.prop([fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true })], {
    numRuns: 40,
  })('recovers any U(-1, 1) start from its own printed log to within the printing precision', (w0, b0) => {
    const r = recoverInitialLinear(printedLog(w0, b0, 21))
    // the true start misfits by at most half a unit, so the minimax fit does too
    expect(r.maxMisfit).toBeLessThanOrEqual(0.5 + 1e-6)
    expect(Math.abs(r.w0 - w0)).toBeLessThan(2e-3)
    expect(Math.abs(r.b0 - b0)).toBeLessThan(2e-2)
  })
})
