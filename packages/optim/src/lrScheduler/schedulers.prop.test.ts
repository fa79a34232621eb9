import { fc, test } from '@fast-check/vitest'
import { catchWarnings } from '@descent/tensor'
import { describe, expect } from 'vitest'
import { SGD } from '../SGD.js'
import { param } from '../testParams.testutil.js'
import { CosineAnnealingLR } from './CosineAnnealingLR.js'
import { ExponentialLR } from './ExponentialLR.js'
import { LambdaLR } from './LambdaLR.js'
import { MultiStepLR } from './MultiStepLR.js'
import { ReduceLROnPlateau } from './ReduceLROnPlateau.js'
import { StepLR } from './StepLR.js'

const lrArb = fc.double({ min: 1e-4, max: 1, noNaN: true })
const gammaArb = fc.double({ min: 0.05, max: 0.99, noNaN: true })
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b))

function optimizer(lr: number) {
  return new SGD([param([0])], { lr })
}

// Steps optimizer and scheduler `epochs` times and returns the lr after each epoch (index 0: before any).
function schedule(opt: SGD, step: () => void, epochs: number): number[] {
  const out = [opt.paramGroups[0]!.lr]
  for (let e = 0; e < epochs; e++) {
    opt.step()
    step()
    out.push(opt.paramGroups[0]!.lr)
  }
  return out
}

describe('scheduler laws', () => {
  test.prop([lrArb, gammaArb, fc.integer({ min: 1, max: 10 })], { numRuns: 50 })(
    'StepLR follows its closed form base * gamma^floor(epoch / stepSize)',
    (lr, gamma, stepSize) => {
      const opt = optimizer(lr)
      const s = new StepLR(opt, stepSize, { gamma })
      schedule(opt, () => s.step(), 40).forEach((got, e) => {
        expect(close(got, lr * gamma ** Math.floor(e / stepSize)), `epoch ${e}`).toBe(true)
      })
    },
  )

  test.prop([lrArb, gammaArb, fc.array(fc.integer({ min: 1, max: 30 }), { maxLength: 5 })], { numRuns: 50 })(
    'MultiStepLR multiplies by gamma once per milestone passed',
    (lr, gamma, milestones) => {
      const opt = optimizer(lr)
      const s = new MultiStepLR(opt, milestones, { gamma })
      schedule(opt, () => s.step(), 35).forEach((got, e) => {
        const passed = milestones.filter((m) => m <= e).length
        expect(close(got, lr * gamma ** passed), `epoch ${e}`).toBe(true)
      })
    },
  )

  test.prop([lrArb, gammaArb], { numRuns: 50 })('ExponentialLR decreases by exactly one factor gamma per epoch', (lr, gamma) => {
    const opt = optimizer(lr)
    const s = new ExponentialLR(opt, gamma)
    const lrs = schedule(opt, () => s.step(), 30)
    for (let e = 1; e < lrs.length; e++) expect(lrs[e]).toBe(lrs[e - 1]! * gamma)
  })

  test.prop([lrArb, fc.integer({ min: 1, max: 30 }), fc.double({ min: 0, max: 1e-4, noNaN: true })], { numRuns: 50 })(
    'CosineAnnealingLR stays in [etaMin, base], reaches etaMin at TMax and the base again at 2 TMax',
    (lr, TMax, etaMin) => {
      const opt = optimizer(lr)
      const s = new CosineAnnealingLR(opt, TMax, { etaMin })
      const lrs = schedule(opt, () => s.step(), 2 * TMax)
      for (const v of lrs) {
        expect(v).toBeGreaterThanOrEqual(etaMin - 1e-12 * lr)
        expect(v).toBeLessThanOrEqual(lr * (1 + 1e-12))
      }
      expect(Math.abs(lrs[TMax]! - etaMin)).toBeLessThanOrEqual(1e-12 * lr)
      expect(Math.abs(lrs[2 * TMax]! - lr)).toBeLessThanOrEqual(1e-10 * lr)
      // and it follows the closed form on the way
      lrs.forEach((v, e) => {
        const want = etaMin + ((lr - etaMin) * (1 + Math.cos((Math.PI * e) / TMax))) / 2
        expect(Math.abs(v - want), `epoch ${e}`).toBeLessThanOrEqual(1e-10 * lr)
      })
    },
  )

  test.prop([lrArb, fc.func(fc.double({ min: 0, max: 2, noNaN: true }))], { numRuns: 30 })(
    'LambdaLR sets lr = base * lambda(epoch) exactly',
    (lr, f) => {
      const opt = optimizer(lr)
      const s = new LambdaLR(opt, (e) => f(e))
      schedule(opt, () => s.step(), 20).forEach((got, e) => {
        expect(got).toBe(lr * f(e))
      })
    },
  )

  test.prop(
    [
      lrArb,
      fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { minLength: 1, maxLength: 60 }),
      fc.integer({ min: 0, max: 5 }),
      fc.integer({ min: 0, max: 3 }),
      fc.double({ min: 0, max: 1e-3, noNaN: true }),
    ],
    { numRuns: 100 },
  )('ReduceLROnPlateau never raises the lr nor goes below minLr', (lr, metrics, patience, cooldown, minLr) => {
    const opt = optimizer(lr)
    const s = new ReduceLROnPlateau(opt, { patience, cooldown, minLr, factor: 0.5 })
    let previous = lr
    for (const m of metrics) {
      s.step(m)
      const now = opt.paramGroups[0]!.lr
      expect(now).toBeLessThanOrEqual(previous)
      expect(now).toBeGreaterThanOrEqual(Math.min(minLr, lr))
      previous = now
    }
  })

  test.prop([lrArb, fc.integer({ min: 0, max: 6 })], { numRuns: 30 })(
    'ReduceLROnPlateau reduces after patience + 1 epochs without improvement',
    (lr, patience) => {
      const opt = optimizer(lr)
      const s = new ReduceLROnPlateau(opt, { patience })
      s.step(1) // the first metric is the best so far
      for (let e = 0; e < patience; e++) s.step(1)
      expect(opt.paramGroups[0]!.lr).toBe(lr)
      s.step(1)
      expect(opt.paramGroups[0]!.lr).toBe(lr * 0.1)
    },
  )

  test.prop([lrArb, gammaArb, fc.integer({ min: 1, max: 5 })], { numRuns: 20 })(
    'stepping in the right order never warns',
    (lr, gamma, stepSize) => {
      const opt = optimizer(lr)
      const { warnings } = catchWarnings(() => {
        const s = new StepLR(opt, stepSize, { gamma })
        schedule(opt, () => s.step(), 10)
      })
      expect(warnings).toEqual([])
    },
  )
})
