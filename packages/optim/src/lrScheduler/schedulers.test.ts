import { readFileSync } from 'node:fs'
import { catchWarnings } from '@descent/tensor'
import { describe, expect, test } from 'vitest'
import { SGD } from '../SGD.js'
import { pyPow } from '../pymath.js'
import { param } from '../testParams.testutil.js'
import { CosineAnnealingLR } from './CosineAnnealingLR.js'
import { ExponentialLR } from './ExponentialLR.js'
import { LambdaLR } from './LambdaLR.js'
import { MultiStepLR } from './MultiStepLR.js'
import { ReduceLROnPlateau } from './ReduceLROnPlateau.js'
import { StepLR } from './StepLR.js'

type Args = Record<string, unknown>
const fixture = JSON.parse(readFileSync(new URL('../../test/fixtures/optim_schedulers.json', import.meta.url), 'utf8'))
  .cases as {
  epochs: number
  metrics: number[]
  runs: Array<{ scheduler: string; args: Args; lrs: number[][] }>
  closedForm: Array<{ scheduler: string; args: Args; epochs: number[]; lrs: number[][]; warnings: string[] }>
  earlyWarning: Array<[string, string]>
}

// The oracle's Python lambdas; `0.95 ** e` is Python's correctly rounded pow, which JS's `**` is not.
const LAMBDAS: Record<string, (e: number) => number> = { inverse: (e) => 1 / (e + 1), decay: (e) => pyPow(0.95, e) }

// The oracle's setup: two groups, lr 0.1 and 0.05.
function optimizer() {
  return new SGD([{ params: [param([0, 0])] }, { params: [param([0, 0, 0])], lr: 0.05 }], { lr: 0.1 })
}

function make(kind: string, args: Args) {
  const opt = optimizer()
  const a = args as Record<string, never>
  switch (kind) {
    case 'StepLR':
      return { opt, s: new StepLR(opt, a.stepSize, { gamma: a.gamma ?? 0.1 }) }
    case 'MultiStepLR':
      return { opt, s: new MultiStepLR(opt, a.milestones, { gamma: a.gamma ?? 0.1 }) }
    case 'ExponentialLR':
      return { opt, s: new ExponentialLR(opt, a.gamma) }
    case 'CosineAnnealingLR':
      return { opt, s: new CosineAnnealingLR(opt, a.TMax, { etaMin: a.etaMin ?? 0 }) }
    case 'LambdaLR': {
      const l = args.lambda as string | string[]
      return { opt, s: new LambdaLR(opt, Array.isArray(l) ? l.map((n) => LAMBDAS[n]!) : LAMBDAS[l]!) }
    }
    default:
      return { opt, s: new ReduceLROnPlateau(opt, args) }
  }
}

const lrs = (opt: SGD) => opt.paramGroups.map((g) => g.lr)

describe('schedulers match torch 1.13 epoch by epoch (oracle fixture)', () => {
  test.each(fixture.runs.map((r) => [`${r.scheduler} ${JSON.stringify(r.args)}`, r] as const))('%s', (_, run) => {
    const { opt, s } = make(run.scheduler, run.args)
    const { warnings } = catchWarnings(() => {
      expect(lrs(opt)).toEqual(run.lrs[0])
      for (let epoch = 0; epoch < fixture.epochs; epoch++) {
        opt.step()
        if (s instanceof ReduceLROnPlateau) s.step(fixture.metrics[epoch]!)
        else s.step()
        expect(lrs(opt), `epoch ${epoch + 1}`).toEqual(run.lrs[epoch + 1])
        expect(s.getLastLr()).toEqual(run.lrs[epoch + 1])
      }
    })
    expect(warnings).toEqual([])
  })

  test.each(fixture.closedForm.map((r) => [r.scheduler, r] as const))('%s step(epoch) uses the closed form', (_, run) => {
    const { opt, s } = make(run.scheduler, run.args)
    const { warnings } = catchWarnings(() => {
      run.epochs.forEach((e, i) => {
        opt.step()
        ;(s as StepLR).step(e)
        expect(lrs(opt), `epoch ${e}`).toEqual(run.lrs[i])
      })
    })
    expect([...new Set(warnings.map((w) => w.message))]).toEqual(run.warnings)
  })

  test('warns when the scheduler steps before the optimizer, in PyTorch words', () => {
    const opt = optimizer()
    const s = new StepLR(opt, 2)
    const { warnings } = catchWarnings(() => {
      s.step()
      opt.step()
      s.step()
    })
    expect(warnings.map((w) => [w.category, w.message])).toEqual(fixture.earlyWarning)
  })
})

describe('scheduler edge cases', () => {
  test('constructing a scheduler sets initialLr and takes the first step without warning', () => {
    const opt = optimizer()
    const { result: s, warnings } = catchWarnings(() => new StepLR(opt, 2))
    expect(warnings).toEqual([])
    expect(opt.paramGroups.map((g) => g.initialLr)).toEqual([0.1, 0.05])
    expect(s.lastEpoch).toBe(0)
    expect(s.baseLrs).toEqual([0.1, 0.05])
  })

  test('resuming (lastEpoch != -1) needs initialLr in every group', () => {
    expect(() => new StepLR(optimizer(), 2, { lastEpoch: 3 })).toThrowErrorMatchingInlineSnapshot(
      `[ValueError: param 'initial_lr' is not specified in param_groups[0] when resuming an optimizer]`,
    )
  })

  test('getLr outside step warns', () => {
    const s = new ExponentialLR(optimizer(), 0.5)
    const { warnings } = catchWarnings(() => s.getLr())
    expect(warnings.map((w) => w.message)).toEqual([
      'To get the last learning rate computed by the scheduler, please use `get_last_lr()`.',
    ])
  })

  test('LambdaLR checks the number of lambdas', () => {
    expect(() => new LambdaLR(optimizer(), [(e) => e])).toThrowErrorMatchingInlineSnapshot(
      `[ValueError: Expected 2 lr_lambdas, but got 1]`,
    )
  })

  test('ReduceLROnPlateau validates its options', () => {
    expect(() => new ReduceLROnPlateau(optimizer(), { factor: 1 })).toThrowErrorMatchingInlineSnapshot(
      `[ValueError: Factor should be < 1.0.]`,
    )
    expect(() => new ReduceLROnPlateau(optimizer(), { minLr: [0] })).toThrowErrorMatchingInlineSnapshot(
      `[ValueError: expected 2 min_lrs, got 1]`,
    )
    expect(() => new ReduceLROnPlateau(optimizer(), { mode: 'up' as 'min' })).toThrowErrorMatchingInlineSnapshot(
      `[ValueError: mode up is unknown!]`,
    )
    expect(() => new ReduceLROnPlateau(optimizer(), { thresholdMode: 'x' as 'rel' })).toThrowErrorMatchingInlineSnapshot(
      `[ValueError: threshold mode x is unknown!]`,
    )
  })

  test('ReduceLROnPlateau accepts a 0-d tensor-like metric', () => {
    const opt = optimizer()
    const s = new ReduceLROnPlateau(opt, { patience: 0 })
    s.step({ item: () => 1 })
    s.step({ item: () => 1 })
    expect(lrs(opt)).toEqual([0.1 * 0.1, 0.05 * 0.1])
  })

  test('a scheduler is not built on something that is not an Optimizer', () => {
    expect(() => new StepLR({} as never, 1)).toThrowErrorMatchingInlineSnapshot(`[TypeError: Object is not an Optimizer]`)
  })

  test('stateDict/loadStateDict resume a schedule exactly', () => {
    const a = { opt: optimizer() } as { opt: SGD; s: CosineAnnealingLR }
    a.s = new CosineAnnealingLR(a.opt, 7)
    for (let i = 0; i < 5; i++) {
      a.opt.step()
      a.s.step()
    }
    const b = { opt: optimizer() } as { opt: SGD; s: CosineAnnealingLR }
    b.s = new CosineAnnealingLR(b.opt, 7)
    b.opt.loadStateDict(a.opt.stateDict())
    b.s.loadStateDict(a.s.stateDict())
    for (let i = 0; i < 10; i++) {
      a.opt.step()
      a.s.step()
      b.opt.step()
      b.s.step()
      expect(lrs(b.opt)).toEqual(lrs(a.opt))
    }
  })

  test('LambdaLR state dict leaves the lambdas out', () => {
    const { s } = make('LambdaLR', { lambda: 'inverse' })
    expect(Object.keys((s as LambdaLR).stateDict())).not.toContain('lrLambdas')
  })
})
