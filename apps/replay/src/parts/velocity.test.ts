import { describe, expect, test } from 'vitest'
import { cases } from '../fixtures.js'
import { runVelocity, velocityPart } from './velocity.js'

describe('velocity (000/001 Example 2)', () => {
  test.each([0, 1, 42])('--seed %i: PyTorch 1.13 numbers at every step (oracle)', (seed) => {
    const o = cases.velocity[String(seed)]
    const r = runVelocity(seed, 20, 1e-5)
    expect(r.velocity).toEqual(o.velocity)
    expect(r.params0).toEqual(o.params0)
    expect(r.params0Text).toBe(o.params0_repr)
    expect(r.loss0).toBe(o.loss0)
    expect(r.loss0Text).toBe(o.loss0_repr)
    expect(r.grad0).toEqual(o.grad0)
    expect(r.grad0Text).toBe(o.grad0_repr)
    expect(r.params1).toEqual(o.params1)
    expect(r.preds1).toEqual(o.preds1)
    expect(r.trainParams0).toEqual(o.train_params0)
    r.epochs.forEach((e, i) => {
      const oe = o.records[i]
      expect([e.loss, e.a, e.b, e.c]).toEqual([oe.loss, oe.a, oe.b, oe.c])
      expect(e.preds).toEqual(oe.preds)
      expect(e.line).toBe(o.lines[i])
    })
  })

  test('JSON records have epoch, loss, a, b, c; figures: the data, the predictions before and after, each epoch', () => {
    const result = velocityPart.run({ seed: 0 })
    expect(Object.keys(result.records[0])).toEqual(['epoch', 'loss', 'a', 'b', 'c'])
    expect(result.records).toHaveLength(20)
    const names = result.figures.map((f) => f.name)
    expect(names.slice(0, 3)).toEqual(['data', 'preds-initial', 'preds-after-step'])
    expect(names).toContain('preds-epoch-20')
  })
})
