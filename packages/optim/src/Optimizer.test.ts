import { readFileSync } from 'node:fs'
import { NDArray, catchWarnings } from '@descent/tensor'
import { describe, expect, test } from 'vitest'
import { Adagrad } from './Adagrad.js'
import { Adam } from './Adam.js'
import { SGD } from './SGD.js'
import { classes, param, setGrad, values } from './testParams.testutil.js'
import type { ParamTensor } from './types.js'

type Outcome = { error?: string; message?: string; warnings?: string[] }
const fixture = JSON.parse(readFileSync(new URL('../test/fixtures/optim_errors.json', import.meta.url), 'utf8'))
  .cases as {
  invalid: Array<{ optimizer: string; options: Record<string, unknown> } & Outcome>
  misuse: Record<string, Outcome>
  layout: {
    sgd: { state: Record<string, { momentum_buffer: null }>; params: number[][] }
    adagrad: Record<string, { step: number; sum: number[] }>
  }
}

// Runs fn and reports what PyTorch's oracle recorded: the error's class and text, or the warnings.
function outcome(fn: () => unknown): Outcome {
  try {
    const { warnings } = catchWarnings(fn)
    return { warnings: warnings.map((w) => w.message) }
  } catch (e) {
    return { error: (e as Error).name, message: (e as Error).message }
  }
}

describe('invalid options fail in PyTorch words, before anything is stored', () => {
  test.each(fixture.invalid.map((c) => [`${c.optimizer} ${JSON.stringify(c.options)}`, c] as const))('%s', (_, c) => {
    const { optimizer, options, ...expected } = c
    const Cls = classes[optimizer]!
    expect(outcome(() => new Cls([param([0, 0])] as never, options as never))).toEqual(expected)
  })

  test('a group with an invalid option is rejected by addParamGroup and leaves the optimiser unchanged', () => {
    const a = param([1])
    const opt = new SGD([a], { lr: 0.1 })
    expect(() => opt.addParamGroup({ params: [param([2])], lr: -1 })).toThrowErrorMatchingInlineSnapshot(
      `[ValueError: Invalid learning rate: -1]`,
    )
    expect(opt.paramGroups.length).toBe(1)
  })
})

describe('misuse fails as in PyTorch', () => {
  const a = param([0, 0])
  const b = param([0, 0])
  const cases: Record<string, () => unknown> = {
    tensorParams: () => new SGD(a as never, { lr: 0.1 }),
    emptyParams: () => new SGD([], { lr: 0.1 }),
    notATensor: () => new SGD([a, 1] as never, { lr: 0.1 }),
    nonLeaf: () => new SGD([{ ...param([0, 0]), isLeaf: false }], { lr: 0.1 }),
    duplicate: () => new SGD([a, a], { lr: 0.1 }),
    overlappingGroups: () => new SGD([{ params: [a] }, { params: [a, b] }], { lr: 0.1 }),
    groupCount: () =>
      new SGD([a], { lr: 0.1 }).loadStateDict(new SGD([{ params: [a] }, { params: [b] }], { lr: 0.1 }).stateDict()),
    groupSize: () => new SGD([a], { lr: 0.1 }).loadStateDict(new SGD([a, b], { lr: 0.1 }).stateDict()),
  }
  test.each(Object.keys(fixture.misuse))('%s', (name) => {
    expect(outcome(cases[name]!)).toEqual(fixture.misuse[name])
  })
})

describe('param groups', () => {
  test('a list of tensors is one group with the defaults', () => {
    const opt = new SGD([param([1]), param([2])], { lr: 0.5, momentum: 0.9 })
    expect(opt.paramGroups.length).toBe(1)
    const { params, ...options } = opt.paramGroups[0]!
    expect(params.length).toBe(2)
    expect(options).toEqual({ lr: 0.5, momentum: 0.9, dampening: 0, weightDecay: 0, nesterov: false, maximize: false })
  })

  test('lr defaults to 1e-3 as in current PyTorch', () => {
    expect(new SGD([param([1])]).paramGroups[0]!.lr).toBe(1e-3)
  })

  test('addParamGroup fills missing options from the defaults and accepts a single tensor', () => {
    const opt = new Adam([param([1])], { lr: 0.01 })
    const extra = param([3])
    opt.addParamGroup({ params: extra, betas: [0.5, 0.6] })
    expect(opt.paramGroups[1]!.params).toEqual([extra])
    expect(opt.paramGroups[1]!.lr).toBe(0.01)
    expect(opt.paramGroups[1]!.betas).toEqual([0.5, 0.6])
    // groups never share an array with the defaults
    opt.paramGroups[0]!.betas[0] = 0.1
    expect(opt.defaults.betas).toEqual([0.9, 0.999])
  })

  test('a set of parameters is refused: its order is not stable', () => {
    expect(() => new SGD([{ params: new Set([param([1])]) }])).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: optimizer parameters need to be organized in ordered collections, but the ordering of tensors in sets will change between runs. Please use a list instead.]`,
    )
  })

  test('changing a group lr between steps takes effect at the next step', () => {
    const w = param([1])
    const opt = new SGD([w], { lr: 0.5 })
    setGrad(w, [1])
    opt.step()
    opt.paramGroups[0]!.lr = 0.25
    opt.step()
    expect(values(w)).toEqual([0.25])
  })
})

describe('zeroGrad', () => {
  test('sets gradients to null by default, as PyTorch 2 does', () => {
    const w = param([1, 2])
    setGrad(w, [3, 4])
    new SGD([w]).zeroGrad()
    expect(w.grad).toBeNull()
  })

  test('setToNone: false zeros the same gradient array in place, views included', () => {
    const w = param([1, 2])
    const storage = new Float32Array([9, 3, 9, 4])
    w.grad = { array: new NDArray(storage, [2], 'float32', [2], 1) }
    const grad = w.grad
    new SGD([w]).zeroGrad({ setToNone: false })
    expect(w.grad).toBe(grad)
    expect(Array.from(storage)).toEqual([9, 0, 9, 0])
  })
})

describe('state and state dicts', () => {
  test('SGD without momentum stores a null buffer per stepped parameter, like PyTorch', () => {
    const [p, q, r] = [param([0, 0]), param([0, 0]), param([0, 0])]
    const opt = new SGD([{ params: [p, q] }, { params: [r], lr: 0.5 }], { lr: 0.1 })
    setGrad(p, [1, 1])
    setGrad(q, [1, 1])
    opt.step()
    const sd = opt.stateDict()
    expect(sd.paramGroups.map((g) => g.params)).toEqual(fixture.layout.sgd.params)
    expect(Object.keys(sd.state)).toEqual(Object.keys(fixture.layout.sgd.state))
    for (const s of Object.values(sd.state)) expect(s).toEqual({ momentumBuffer: null })
  })

  test('Adagrad has its state before the first step', () => {
    const opt = new Adagrad([param([0, 0]), param([0, 0])], { initialAccumulatorValue: 0.5 })
    const state = opt.stateDict().state
    for (const [i, s] of Object.entries(fixture.layout.adagrad)) {
      expect(state[Number(i)]!.step).toBe(s.step)
      expect(Array.from((state[Number(i)]!.sum as NDArray).data)).toEqual(s.sum)
    }
  })

  test('Adagrad creates state for a group added later instead of failing', () => {
    const opt = new Adagrad([param([0])], { lr: 1 })
    const late = param([1])
    opt.addParamGroup({ params: [late] })
    setGrad(late, [2])
    opt.step()
    expect(values(late)).toEqual([0])
  })

  test('stateDict is a snapshot: later steps do not change it', () => {
    const w = param([1, 2])
    const opt = new Adam([w], { lr: 0.1 })
    setGrad(w, [1, -1])
    opt.step()
    const sd = opt.stateDict()
    const before = Array.from((sd.state[0]!.expAvg as NDArray).data)
    opt.step()
    expect(Array.from((sd.state[0]!.expAvg as NDArray).data)).toEqual(before)
  })

  test('loadStateDict restores options and casts buffers to the parameter dtype, step excepted', () => {
    const w = param([1, 2])
    const opt = new SGD([w], { lr: 0.1, momentum: 0.9 })
    setGrad(w, [1, 1])
    opt.step()
    const sd = opt.stateDict()
    const w64: ParamTensor = { array: new NDArray(new Float64Array([1, 2]), [2], 'float64'), grad: null }
    const other = new SGD([w64], { lr: 0.7 })
    other.loadStateDict(sd)
    expect(other.paramGroups[0]!.lr).toBe(0.1)
    expect(other.paramGroups[0]!.params[0]).toBe(w64)
    expect((other.state.get(w64)!.momentumBuffer as NDArray).dtype).toBe('float64')
  })

  test('training resumes bit for bit after a state dict round trip (every optimiser, float32)', () => {
    for (const Cls of Object.values(classes)) {
      const a = param([0.3, -1.2, 2.5])
      const b = param([0.3, -1.2, 2.5])
      const grads = [
        [0.5, -0.25, 1],
        [0.1, 0.2, -3],
        [1e-3, -4, 0.75],
        [2, 2, -2],
      ]
      const optA = new Cls([a] as never, { lr: 0.05 } as never)
      for (const g of grads.slice(0, 2)) {
        setGrad(a, g)
        optA.step()
      }
      b.array.data.set(a.array.data)
      const optB = new Cls([b] as never, {} as never)
      optB.loadStateDict(optA.stateDict())
      for (const g of grads.slice(2)) {
        setGrad(a, g)
        optA.step()
        setGrad(b, g)
        optB.step()
      }
      expect(values(b), Cls.name).toEqual(values(a))
    }
  })
})

describe('updates', () => {
  test('a parameter stored as a strided view is updated through its strides', () => {
    const storage = new Float32Array([1, 100, 2, 100, 3, 100])
    const w: ParamTensor = { array: new NDArray(storage, [3], 'float32', [2], 0), grad: null }
    setGrad(w, [1, 1, 1])
    new SGD([w], { lr: 0.5 }).step()
    expect(Array.from(storage)).toEqual([0.5, 100, 1.5, 100, 2.5, 100])
  })

  test('float64 parameters update in double precision', () => {
    const w: ParamTensor = { array: new NDArray(new Float64Array([1]), [1], 'float64'), grad: null }
    w.grad = { array: new NDArray(new Float64Array([1]), [1], 'float64') }
    new SGD([w], { lr: 0.1 }).step()
    expect(w.array.data[0]).toBe(1 - 0.1)
  })

  test('step(closure) returns the closure value', () => {
    const w = param([1])
    expect(new SGD([w]).step(() => 42)).toBe(42)
  })
})

describe('options changed mid-training', () => {
  test('amsgrad switched on after some steps starts its running max from zero instead of failing', () => {
    const w = param([1, 2])
    const opt = new Adam([w], { lr: 0.1 })
    setGrad(w, [1, 1])
    opt.step()
    opt.paramGroups[0]!.amsgrad = true
    opt.step()
    expect(Array.from((opt.state.get(w)!.maxExpAvgSq as NDArray).data)).toEqual(
      Array.from((opt.state.get(w)!.expAvgSq as NDArray).data),
    )
  })
})

test('toString lists each group like PyTorch repr', () => {
  const opt = new Adam([{ params: [param([1])] }, { params: [param([2])], lr: 0.5 }], { lr: 0.01 })
  expect(String(opt)).toMatchInlineSnapshot(`
    "Adam (
    Parameter Group 0
        amsgrad: False
        betas: (0.9, 0.999)
        eps: 1e-08
        lr: 0.01
        maximize: False
        weightDecay: 0

    Parameter Group 1
        amsgrad: False
        betas: (0.9, 0.999)
        eps: 1e-08
        lr: 0.5
        maximize: False
        weightDecay: 0
    )"
  `)
})

test('an option given as undefined keeps its default, in the constructor and in addParamGroup', () => {
  const opt = new SGD([param([1])], { lr: undefined, momentum: 0.5 })
  expect(opt.paramGroups[0]!.lr).toBe(1e-3)
  opt.addParamGroup({ params: [param([2])], momentum: undefined })
  expect(opt.paramGroups[1]!.momentum).toBe(0.5)
})

test('a non-leaf that retains its gradient can be optimised', () => {
  expect(() => new SGD([{ ...param([1]), isLeaf: false, retainsGrad: true }])).not.toThrow()
})
