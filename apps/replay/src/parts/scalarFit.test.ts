import { tensor } from '@descent/autograd'
import { test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { PART2_LOG, PART3_LOG, parseEpochLog } from '../documented.js'
import { cases } from '../fixtures.js'
import { arbProblem, bestLoss, stableLrW } from './arbitraries.js'
import { autograd, lossOptim, trainAutograd, trainLossOptim } from './scalarFit.js'

const t32 = (xs: number[]) => tensor(xs, { dtype: 'float32' })

describe.each([
  ['autograd', autograd, PART2_LOG],
  ['loss-optim', lossOptim, PART3_LOG],
] as const)('%s (003 PART 2 / 3)', (id, part, log) => {
  const result = part.run({})

  test('prints the documented log line for line (23 complete epochs)', () => {
    const documented = log.split('\n').filter((_, i) => i < parseEpochLog(log).length)
    expect(documented).toHaveLength(23)
    expect(result.lines.slice(0, 23)).toEqual(documented)
    // the cut-off 24th line starts as ours does
    expect(result.lines[23].startsWith(log.split('\n')[23])).toBe(true)
  })

  test('never reaches loss < 0.001, so all 30 epochs run', () => {
    expect(result.records).toHaveLength(30)
    expect(result.summary.stoppedEarly).toBe(false)
  })

  test('equals PyTorch 1.13 bit for bit (oracle)', () => {
    const oracle = cases[id].records as { epoch: number; w: number; loss: number }[]
    expect(result.records).toEqual(oracle)
    expect(result.lines).toEqual(cases[id].lines)
  })
})

test('--epochs and --lr follow PyTorch, including the stop at loss < 0.001 (oracle)', () => {
  const r = autograd.run({ epochs: 12, lr: 0.05 })
  expect(r.lines).toEqual(cases.options['autograd_lr0.05_epochs12'].lines)
  expect(r.records.length).toBeLessThan(12)
})

describe('properties', () => {
  test.prop([arbProblem], { numRuns: 25 })(
    'PART 2 (autograd, update by hand) and PART 3 (MSELoss, SGD) give the same trajectory',
    ({ xs, ys, lrFraction, w0 }) => {
      const lr = lrFraction * stableLrW(xs)
      const a = trainAutograd(t32(xs), t32(ys), lr, 10, { w0, stopEarly: false })
      const b = trainLossOptim(t32(xs), t32(ys), lr, 10, { w0, stopEarly: false })
      // SGD updates with PyTorch's fused add (w + (-lr)·g rounded once), the notebook's `w -= lr * w.grad` rounds
      // twice: the two agree to float32 rounding, and on the notebook's data exactly (the oracle tests above)
      expect(b).toHaveLength(a.length)
      const scale = 1 + Math.abs(w0) + Math.max(...ys.map(Math.abs))
      b.forEach((e, i) => {
        expect(Math.abs(e.w - a[i].w)).toBeLessThanOrEqual(1e-5 * scale)
        expect(Math.abs(e.loss - a[i].loss)).toBeLessThanOrEqual(1e-5 * (1 + a[i].loss))
      })
    },
  )

  test.prop([arbProblem], { numRuns: 25 })(
    'below the stable bound the loss falls at every epoch (until float32 runs out of digits)',
    ({ xs, ys, lrFraction, w0 }) => {
      const lr = lrFraction * stableLrW(xs)
      const log = trainAutograd(t32(xs), t32(ys), lr, 10, { w0, stopEarly: false })
      const best = bestLoss(xs, ys, false)
      for (let i = 1; i < log.length; i++) {
        // float32 runs out of digits within rounding of the optimum: stop checking there
        if (log[i - 1].loss - best <= 1e-5 * (1 + log[i - 1].loss)) break
        expect(log[i].loss).toBeLessThan(log[i - 1].loss)
      }
    },
  )
})
