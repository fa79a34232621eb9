import { tensor } from '@descent/autograd'
import { Linear } from '@descent/nn'
import { test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { PART4_LOG, parseEpochLog } from '../documented.js'
import { cases } from '../fixtures.js'
import { arbProblem, bestLoss, stableLrWB } from './arbitraries.js'
import { LinearRegression, customModule, nnModule, setLinear, trainLinear } from './linearFit.js'

const column = (xs: number[]) => tensor(xs.map((v) => [v]), { dtype: 'float32' })

describe.each([
  ['module', nnModule],
  ['custom-module', customModule],
] as const)('%s (003 PART 4)', (id, part) => {
  test('replays the documented log from the recovered start: every printed w, b and loss within one unit', () => {
    const result = part.run({})
    const documented = parseEpochLog(PART4_LOG)
    expect(result.mode).toBe('documented')
    documented.forEach((d, i) => {
      const r = result.records[i] as { w: number; b: number; loss: number }
      expect(Math.abs(r.w - d.w.value)).toBeLessThanOrEqual(d.w.unit)
      expect(Math.abs(r.b - (d.b?.value as number))).toBeLessThanOrEqual(d.b?.unit as number)
      expect(Math.abs(r.loss - d.loss.value)).toBeLessThanOrEqual(d.loss.unit)
    })
    // in fact every one of the 21 lines comes out exactly as printed
    expect(result.lines.slice(0, 21)).toEqual(PART4_LOG.split('\n').slice(0, 21))
    expect(result.notes.join(' ')).toContain('recovered')
  })

  test.each([0, 1, 42])('--seed %i equals torch.manual_seed and the PyTorch run (oracle)', (seed) => {
    const result = part.run({ seed })
    const oracle = cases[id][String(seed)]
    expect(result.summary.w0).toBe(oracle.w0)
    expect(result.summary.b0).toBe(oracle.b0)
    expect(result.lines).toEqual(oracle.lines)
    // every number bit for bit: tensor's float32 matmul sums in OpenBLAS's order, as PyTorch does
    expect(result.records).toEqual(oracle.records)
  })
})

test('--seed with --epochs and --lr (oracle)', () => {
  expect(nnModule.run({ seed: 1, epochs: 8, lr: 0.05 }).lines).toEqual(cases.options['module_seed1_lr0.05_epochs8'].lines)
})

describe('properties', () => {
  test.prop([arbProblem], { numRuns: 20 })(
    "nn.Linear and the custom LinearRegression module train identically",
    ({ xs, ys, lrFraction, w0, b0 }) => {
      const lr = lrFraction * stableLrWB(xs)
      const a = new Linear(1, 1)
      const b = new LinearRegression(1, 1)
      setLinear(a, w0, b0)
      setLinear(b, w0, b0)
      const X = column(xs)
      const y = column(ys)
      expect(trainLinear(b, X, y, lr, 8, { stopEarly: false })).toEqual(trainLinear(a, X, y, lr, 8, { stopEarly: false }))
    },
  )

  test.prop([arbProblem], { numRuns: 20 })(
    'below the stable bound 2/λmax the loss of (w, b) falls at every epoch',
    ({ xs, ys, lrFraction, w0, b0 }) => {
      const lr = lrFraction * stableLrWB(xs)
      const model = new Linear(1, 1)
      setLinear(model, w0, b0)
      const log = trainLinear(model, column(xs), column(ys), lr, 8, { stopEarly: false })
      const best = bestLoss(xs, ys, true)
      for (let i = 1; i < log.length; i++) {
        // float32 runs out of digits within rounding of the optimum: stop checking there
        if (log[i - 1].loss - best <= 1e-5 * (1 + log[i - 1].loss)) break
        expect(log[i].loss).toBeLessThan(log[i - 1].loss)
      }
    },
  )
})
