import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { type Domain, arbTensor } from '../../test/arbitraries.js'
import { type Tensor, gradcheck, gradgradcheck, tensor } from '../index.js'

const runs = { numRuns: 20 }

const cases: [string, (x: Tensor) => Tensor, Domain][] = [
  ['neg', (x) => x.neg(), {}],
  ['abs', (x) => x.abs(), { awayFromZero: 0.05 }],
  ['exp', (x) => x.exp(), {}],
  ['log', (x) => x.log(), { min: 0.1, max: 3 }],
  ['sqrt', (x) => x.sqrt(), { min: 0.1, max: 3 }],
  ['sin', (x) => x.sin(), {}],
  ['cos', (x) => x.cos(), {}],
  ['tanh', (x) => x.tanh(), {}],
  ['sigmoid', (x) => x.sigmoid(), {}],
  ['relu', (x) => x.relu(), { awayFromZero: 0.05 }],
  ['sign', (x) => x.sign(), { awayFromZero: 0.05 }],
  ['reciprocal', (x) => x.reciprocal(), { awayFromZero: 0.3 }],
  ['clamp(-0.5, 0.5)', (x) => x.clamp(-0.5, 0.5), { avoid: [-0.5, 0.5] }],
  ['clamp(min 0)', (x) => x.clamp(0), { avoid: [0] }],
  ['clamp(max 1)', (x) => x.clamp(undefined, 1), { avoid: [1] }],
]

describe.each(cases)('%s', (_name, f, domain) => {
  test.prop([arbTensor(domain)], runs)('passes gradcheck and gradgradcheck', (x) => {
    expect(gradcheck(f, [x])).toBe(true)
    expect(gradgradcheck(f, [x])).toBe(true)
  })
})

describe('examples at the kinks, as PyTorch', () => {
  const grads = (f: (x: Tensor) => Tensor, values: number[]) => {
    const x = tensor(values, { dtype: 'float32', requiresGrad: true })
    f(x).sum().backward()
    return x.grad?.tolist()
  }
  test('relu passes no gradient at 0', () => {
    expect(grads((x) => x.relu(), [-1, 0, 2])).toEqual([0, 0, 1])
  })
  test('abs has zero gradient at 0 and ±1 elsewhere', () => {
    expect(grads((x) => x.abs(), [-2, 0, 3])).toEqual([-1, 0, 1])
  })
  test('clamp passes gradient at its bounds', () => {
    expect(grads((x) => x.clamp(0, 1), [-1, 0, 0.5, 1, 2])).toEqual([0, 1, 1, 1, 0])
  })
  test('sign has zero gradient', () => {
    expect(grads((x) => x.sign(), [-1, 0, 1])).toEqual([0, 0, 0])
  })
  test('sqrt at 0 has infinite gradient', () => {
    expect(grads((x) => x.sqrt(), [0])).toEqual([Number.POSITIVE_INFINITY])
  })
  test('log at 0 has infinite gradient', () => {
    expect(grads((x) => x.log(), [0])).toEqual([Number.POSITIVE_INFINITY])
  })
  test('NaN propagates into the gradient', () => {
    expect(grads((x) => x.exp(), [Number.NaN])).toEqual([Number.NaN])
  })
  test('clamp needs a bound, with PyTorch wording', () => {
    expect(() => tensor([1], { dtype: 'float32' }).clamp()).toThrow(
      "torch.clamp: At least one of 'min' or 'max' must not be None",
    )
  })
  test('each op records its PyTorch name', () => {
    const x = tensor([1, 2], { dtype: 'float32', requiresGrad: true })
    const names = [x.neg(), x.abs(), x.exp(), x.log(), x.sqrt(), x.sin(), x.cos(), x.tanh(), x.sigmoid(), x.relu()]
      .concat([x.sign(), x.reciprocal(), x.clamp(0, 1), x.clamp(0)])
      .map((t) => t.gradFn?.name)
    expect(names).toEqual([
      'NegBackward0',
      'AbsBackward0',
      'ExpBackward0',
      'LogBackward0',
      'SqrtBackward0',
      'SinBackward0',
      'CosBackward0',
      'TanhBackward0',
      'SigmoidBackward0',
      'ReluBackward0',
      'SignBackward0',
      'ReciprocalBackward0',
      'ClampBackward1',
      'ClampBackward1',
    ])
  })
  test.prop([fc.double({ min: -5, max: 5, noNaN: true })])('empty tensors have empty gradients', (v) => {
    const x = tensor([], { dtype: 'float64', requiresGrad: true })
    x.exp().mul(v).sum().backward()
    expect(x.grad?.shape).toEqual([0])
  })
})

describe('abs backward without createGraph (one kernel) gives the bits of the recorded path', () => {
  test.prop([fc.array(fc.float(), { minLength: 1, maxLength: 20 }), fc.float(), fc.boolean()], { numRuns: 100 })(
    'float32 values, zeros, NaN and infinities; a one-value (mean) and a full upstream gradient',
    (v, s, viaMean) => {
      const grads = (createGraph: boolean) => {
        const x = tensor(v, { dtype: 'float32', requiresGrad: true })
        const y = x.abs()
        const loss = viaMean ? y.mean() : y.mul(tensor(v.map((t) => t + s), { dtype: 'float32' })).sum()
        loss.backward(null, { createGraph })
        return Array.from(x.grad!.array.data as Float32Array)
      }
      const fast = grads(false)
      const recorded = grads(true)
      for (let i = 0; i < v.length; i++) expect(Object.is(fast[i], recorded[i]) || (Number.isNaN(fast[i]) && Number.isNaN(recorded[i]))).toBe(true)
    },
  )
})
