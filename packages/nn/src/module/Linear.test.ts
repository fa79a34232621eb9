import { type Tensor, fromArray, tensor } from '@descent/autograd'
import { type DType, catchWarnings, manualSeed, rand } from '@descent/tensor'
import { describe, expect, test } from 'vitest'
import { expectCloseTo, fixture, nested } from '../../test/helpers.js'
import * as init from '../init.js'
import { Linear } from './Linear.js'
import type { Module } from './Module.js'
import { ReLU } from './activations.js'
import { Sequential } from './Sequential.js'

// biome-ignore lint/suspicious/noExplicitAny: fixture rows are checked by the tests that read them
const rows = (r: unknown[][]) => r as [any, any][]
const oracle = fixture('nn_linear')

describe('Linear draws PyTorch\'s initial weights from the same seed', () => {
  // biome-ignore lint/suspicious/noExplicitAny: fixture JSON
  test.each(rows(oracle.linear.map((c: any) => [`seed ${c.seed} Linear(${c.in}, ${c.out}, bias=${c.bias}) ${c.dtype}`, c])))('%s', (_, c) => {
    manualSeed(c.seed)
    const { result: lin } = catchWarnings(() => new Linear(c.in, c.out, { bias: c.bias, dtype: c.dtype as DType }))
    expect(lin.weight.shape).toEqual([c.out, c.in])
    expect(lin.weight.dtype).toBe(c.dtype)
    expect(lin.weight.tolist()).toEqual(c.weight)
    if (c.bias) expect(lin.bias!.tolist()).toEqual(c.biasValues)
    else expect(lin.bias).toBeNull()
    // The generator is left where PyTorch leaves it.
    expect(nested(rand([2]))).toEqual(c.after)
  })
  // biome-ignore lint/suspicious/noExplicitAny: fixture JSON
  test.each(rows(oracle.sequential.map((c: any) => [c.seed, c])))('seed %s Sequential(Linear(2, 3), ReLU(), Linear(3, 1))', (seed, c) => {
    manualSeed(seed)
    const seq = new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 1))
    const sd = seq.stateDict()
    expect(Object.keys(sd)).toEqual(Object.keys(c.stateDict))
    for (const [k, v] of Object.entries(sd)) expect(v.tolist()).toEqual(c.stateDict[k])
    expect(seq.toString()).toBe(c.repr)
  })
  test('a zero-size Linear warns like PyTorch and leaves the weight empty', () => {
    const { warnings } = catchWarnings(() => new Linear(0, 3))
    expect(warnings.map((w) => w.message)).toEqual(['Initializing zero-element tensors is a no-op'])
  })
})

describe('init', () => {
  const fns: Record<string, (w: Tensor) => Tensor> = {
    uniform_: (w) => init.uniform_(w, -2, 3),
    normal_: (w) => init.normal_(w, 1, 0.5),
    kaimingUniform_: (w) => init.kaimingUniform_(w),
    kaimingUniform_a: (w) => init.kaimingUniform_(w, { a: Math.sqrt(5), mode: 'fan_out' }),
    kaimingNormal_: (w) => init.kaimingNormal_(w, { nonlinearity: 'relu' }),
    xavierUniform_: (w) => init.xavierUniform_(w, init.calculateGain('tanh')),
    xavierNormal_: (w) => init.xavierNormal_(w),
  }
  // biome-ignore lint/suspicious/noExplicitAny: fixture JSON
  test.each(rows(oracle.init.map((c: any) => [`${c.name} seed ${c.seed} shape ${c.shape}`, c])))('%s equals torch.nn.init', (_, c) => {
    manualSeed(c.seed)
    const w = tensor(new Array(c.shape.reduce((a: number, b: number) => a * b, 1)).fill(0)).reshape(c.shape)
    expect(fns[c.name]!(w)).toBe(w)
    expectCloseTo(w.tolist(), c.values, { rtol: 0, atol: 0 })
  })
  test('calculateGain', () => {
    for (const [key, gain] of Object.entries<number>(oracle.gain)) {
      const [name, param] = key.split(':')
      // biome-ignore lint/suspicious/noExplicitAny: names from the fixture
      expect(init.calculateGain(name as any, param === 'None' ? undefined : Number(param))).toBe(gain)
    }
    // biome-ignore lint/suspicious/noExplicitAny: deliberately wrong
    expect(() => init.calculateGain('softmax' as any)).toThrow('Unsupported nonlinearity softmax')
  })
  test('fan in and out need two dims', () => {
    expect(() => init.xavierUniform_(tensor([1, 2]))).toThrow(
      'Fan in and fan out can not be computed for tensor with fewer than 2 dimensions',
    )
  })
  test('zeros_, ones_, constant_ fill in place without recording a graph', () => {
    const lin = new Linear(2, 2)
    init.zeros_(lin.weight)
    init.ones_(lin.bias!)
    expect(lin.weight.tolist()).toEqual([[0, 0], [0, 0]])
    expect(lin.bias!.tolist()).toEqual([1, 1])
    expect(lin.weight.gradFn).toBeNull()
    expect(lin.weight.isLeaf).toBe(true)
    init.constant_(lin.weight, 0.5)
    expect(lin.weight.tolist()).toEqual([[0.5, 0.5], [0.5, 0.5]])
  })
  test('Module.apply with init, as in PyTorch tutorials', () => {
    const seq = new Sequential(new Linear(2, 2), new ReLU(), new Linear(2, 1))
    seq.apply((m: Module) => {
      if (m instanceof Linear) init.zeros_(m.weight)
    })
    expect((seq.at(0) as Linear).weight.tolist()).toEqual([[0, 0], [0, 0]])
    expect((seq.at(2) as Linear).weight.tolist()).toEqual([[0, 0]])
    expect((seq.at(0) as Linear).bias!.tolist()).not.toEqual([0, 0])
  })
})

describe('forward and backward against PyTorch', () => {
  // biome-ignore lint/suspicious/noExplicitAny: fixture JSON
  test.each(rows(oracle.forward.map((c: any, i: number) => [i, c])))('case %s', (_, c) => {
    const lin = new Linear(c.in, 2)
    lin.loadStateDict({ weight: tensor(c.weight), bias: tensor(c.bias) })
    const x = tensor(c.x, { requiresGrad: true })
    const y = lin.call(x)
    // One input feature (the notebooks' Linear(1, 1)) is x·w + b, two roundings, exactly as PyTorch's addmm gives;
    // wider layers sum their products in BLAS's order, which differs by an ulp.
    expectCloseTo(y.tolist(), c.y, c.in === 1 ? { rtol: 0, atol: 0 } : { rtol: 1e-6, atol: 1e-7 })
    y.pow(2).sum().backward()
    expectCloseTo(x.grad!.tolist(), c.xGrad, { rtol: 1e-5, atol: 1e-6 })
    expectCloseTo(lin.weight.grad!.tolist(), c.weightGrad, { rtol: 1e-5, atol: 1e-6 })
    expectCloseTo(lin.bias!.grad!.tolist(), c.biasGrad, { rtol: 1e-5, atol: 1e-6 })
  })
  test('repr', () => {
    expect(new Linear(3, 2, { bias: false }).toString()).toBe('Linear(in_features=3, out_features=2, bias=False)')
  })
})

describe('Linear computes what torch.nn.functional.linear computes', () => {
  // PyTorch 1.13: nn.Linear(4, 3)(torch.randn(5, 4)).grad_fn is AddmmBackward0, with next_functions
  // (AccumulateGrad, None, TBackward0); bias=False gives MmBackward0, and a 1-D input AddBackward0.
  test('a 2-D input with a bias goes through addmm, as in PyTorch', () => {
    manualSeed(0)
    const { result: lin } = catchWarnings(() => new Linear(4, 3))
    const y = lin.call(fromArray(rand([5, 4])))
    expect(y.shape).toEqual([5, 3])
    expect(y.gradFn?.name).toBe('AddmmBackward0')
    expect(y.gradFn?.nextFunctions.map(([n]) => n?.name ?? null)).toEqual(['AccumulateGrad', null, 'TBackward0'])
  })
  test('without a bias or with a 1-D input it is matmul (then add)', () => {
    const { result: noBias } = catchWarnings(() => new Linear(4, 3, { bias: false }))
    expect(noBias.call(fromArray(rand([5, 4]))).gradFn?.name).toBe('MmBackward0')
    const { result: lin } = catchWarnings(() => new Linear(4, 3))
    expect(lin.call(fromArray(rand([4]))).gradFn?.name).toBe('AddBackward0')
  })
  test('addmm gives the bias its gradient summed over the batch', () => {
    const { result: lin } = catchWarnings(() => new Linear(2, 2))
    lin.call(tensor([[1, 2], [3, 4], [5, 6]])).sum().backward()
    expect(lin.bias!.grad?.tolist()).toEqual([3, 3])
    expect(lin.weight.grad?.tolist()).toEqual([[9, 12], [9, 12]])
  })
})
