import { describe, expect, test } from 'vitest'
import { SPEED_LOG, SPEED_OUTPUTS, parseLossLog } from '../documented.js'
import { cases } from '../fixtures.js'
import { runSpeed, speedPart } from './speed.js'

describe('speed (002)', () => {
  test.each([0, 1, 42])('--seed %i: PyTorch 1.13 loss at every step (oracle)', (seed) => {
    const o = cases.speed[String(seed)]
    const r = runSpeed({ seed }, 10, 1e-5)
    expect(r.speed).toEqual(o.speed)
    expect(r.params0).toEqual(o.params0)
    expect(r.params0Text).toBe(o.params0_repr)
    expect(r.loss0Text).toBe(o.loss0_repr)
    expect(r.grad0Text).toBe(o.grad0_repr)
    expect(r.loss1Text).toBe(o.loss1_repr)
    expect(r.lines).toEqual(o.lines)
    r.steps.forEach((s, i) => {
      expect(s.loss).toBe(o.records[i].loss)
      expect(s.params).toEqual(o.records[i].params)
    })
  })

  test.each([0, 1, 42])('--seed %i: the loss falls at every step', (seed) => {
    const result = speedPart.run({ seed })
    const losses = result.records.map((r) => r.loss as number)
    for (let i = 1; i < losses.length; i++) expect(losses[i]).toBeLessThan(losses[i - 1])
    expect(result.summary.loss_falls_every_step).toBe(true)
  })

  test('--epochs and --lr (oracle)', () => {
    const o = cases.options['speed_seed42_lr2e-5_steps6']
    expect(runSpeed({ seed: 42 }, 6, 2e-5, 0).lines).toEqual(o.lines)
  })

  test('without --seed the recovered data reproduce the documented outputs', () => {
    const result = speedPart.run({})
    expect(result.mode).toBe('documented')
    const documented = parseLossLog(SPEED_LOG)
    const ours = result.lines.map(Number)
    // float32 sums over different (but equivalent) data round differently: agreement to a few float32 ulps
    for (let i = 0; i < ours.length; i++) expect(Math.abs(ours[i] - documented[i])).toBeLessThanOrEqual(2.5e-7 * documented[i])
    expect(result.notes).toContain(`params = ${SPEED_OUTPUTS.params0}`)
    expect(result.notes).toContain(`loss = ${SPEED_OUTPUTS.loss0}`)
    expect(result.notes).toContain(`params.grad = ${SPEED_OUTPUTS.grad0}`)
    expect(result.notes).toContain(`after one step by hand: ${SPEED_OUTPUTS.loss1}`)
  })

  test('figures: the data, the initial predictions and the four panels', () => {
    expect(speedPart.run({ seed: 0 }).figures.map((f) => f.name)).toEqual(['data', 'preds-initial', 'preds-4-steps'])
  })
})
