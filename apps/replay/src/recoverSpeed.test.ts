import { describe, expect, test } from 'vitest'
import { parseLossLog, parseTensorText } from './documented.js'
import { cases } from './fixtures.js'
import { runSpeed } from './parts/speed.js'
import { DOCUMENTED_SPEED, type SpeedPrint, recoverSpeedData } from './recoverSpeed.js'

/** What 002 would have printed for a PyTorch run (the oracle's record of seed s). */
function printOf(seed: number): SpeedPrint {
  const o = cases.speed[String(seed)]
  return {
    params0: parseTensorText(o.params0_repr),
    grad0: parseTensorText(o.grad0_repr),
    loss0: parseTensorText(o.loss0_repr)[0],
    loss1: parseTensorText(o.loss1_repr)[0],
    losses: parseLossLog(o.lines.join('\n')),
  }
}

describe('recoverSpeedData', () => {
  test.each([0, 1, 42])(
    "recovers data from the print of PyTorch's seed-%i run that replay its ten losses",
    (seed) => {
      const print = printOf(seed)
      const r = recoverSpeedData(0, print)
      expect(r.speed).toHaveLength(20)
      const replay = runSpeed({ speed: r.speed, params0: r.params0 }, 10, 1e-5, 0)
      replay.steps.forEach((s, i) => {
        expect(Math.abs(s.loss - print.losses[i])).toBeLessThanOrEqual(1e-6 * print.losses[i])
      })
      // the log pins the moments it sees close to the true data's (not exactly: some directions it cannot see)
      const truth = cases.speed[String(seed)].speed as number[]
      const sum = (f: (t: number, s: number) => number) => truth.reduce((a, s, t) => a + f(t, s), 0)
      expect(Math.abs(r.moments.m[2] - sum((_, s) => s))).toBeLessThan(0.5)
      expect(Math.abs(r.moments.m[0] - sum((t, s) => t * t * s)) / r.moments.m[0]).toBeLessThan(1e-3)
    },
  )

  test('fits the documented print within its printed digits (float32 losses within a few ulps)', () => {
    const r = recoverSpeedData(0, DOCUMENTED_SPEED)
    expect(r.maxMisfit).toBeLessThan(1)
    expect(r.params0.map((v) => Number(v.toFixed(4)))).toEqual(DOCUMENTED_SPEED.params0.map((p) => p.value))
    expect(r.explanation.join(' ')).toContain('m = Tᵀs')
  })

  test('different noise directions give different data with the same moments', () => {
    const a = recoverSpeedData(0)
    const b = recoverSpeedData(1)
    expect(a.speed).not.toEqual(b.speed)
    const T = (s: number[]) => [0, 1, 2].map((k) => s.reduce((acc, v, t) => acc + t ** (2 - k) * v, 0))
    const q = (s: number[]) => s.reduce((acc, v) => acc + v * v, 0)
    const [ta, tb] = [T(a.speed), T(b.speed)]
    for (let k = 0; k < 3; k++) expect(Math.abs(ta[k] - tb[k])).toBeLessThan(1e-6 * Math.abs(tb[k]))
    expect(q(a.speed)).toBeCloseTo(q(b.speed), 6)
  })
})
