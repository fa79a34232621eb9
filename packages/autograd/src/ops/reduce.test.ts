import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { arbDistinctTensor, arbShape, arbTensor, leaf } from '../../test/arbitraries.js'
import { type Tensor, gradcheck, gradgradcheck, tensor } from '../index.js'

const runs = { numRuns: 20 }

/** A tensor with a random dim of it (or undefined for all dims) and keepdim. */
const withDim = (arb: fc.Arbitrary<Tensor>) =>
  arb.chain((x) =>
    fc.tuple(
      fc.constant(x),
      x.ndim === 0 ? fc.constantFrom(undefined, 0, -1) : fc.option(fc.integer({ min: -x.ndim, max: x.ndim - 1 }), { nil: undefined }),
      fc.boolean(),
    ),
  )

describe('reductions pass gradcheck and gradgradcheck', () => {
  test.prop([withDim(arbTensor())], runs)('sum', ([x, dim, keepdim]) => {
    expect(gradcheck((t) => t.sum(dim, keepdim), [x])).toBe(true)
    expect(gradgradcheck((t) => t.sum(dim, keepdim).square(), [x])).toBe(true)
  })
  test.prop([withDim(arbTensor())], runs)('mean', ([x, dim, keepdim]) => {
    expect(gradcheck((t) => t.mean(dim, keepdim), [x])).toBe(true)
    expect(gradgradcheck((t) => t.mean(dim, keepdim).square(), [x])).toBe(true)
  })
  test.prop([arbShape(3).filter((s) => s.length > 0)], runs)('sum over several dims', (s) => {
    const x = leaf(s, s.length === 0 ? [1] : Array.from({ length: s.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(i)))
    const dims = s.map((_, i) => i).filter((i) => i % 2 === 0)
    expect(gradcheck((t) => t.sum(dims).mul(t.mean(dims, true).sum()), [x])).toBe(true)
  })
  test.prop([withDim(arbDistinctTensor())], runs)('max and min without ties', ([x, dim, keepdim]) => {
    expect(gradcheck((t) => t.max(dim, keepdim), [x])).toBe(true)
    expect(gradcheck((t) => t.min(dim, keepdim), [x])).toBe(true)
    expect(gradgradcheck((t) => t.max(dim, keepdim).square(), [x])).toBe(true)
  })
  test.prop([withDim(arbTensor().filter((x) => x.numel() > 2)), fc.constantFrom(0, 1)], runs)(
    'var and std',
    ([x, dim, keepdim], correction) => {
      const n = dim === undefined ? x.numel() : x.shape[dim < 0 ? dim + x.ndim : dim]!
      fc.pre(n > correction)
      expect(gradcheck((t) => t.var(dim, { correction, keepdim }), [x])).toBe(true)
      expect(gradgradcheck((t) => t.var(dim, { correction, keepdim }), [x])).toBe(true)
      fc.pre((x.std(dim, { correction }).min().item() as number) > 0.05)
      expect(gradcheck((t) => t.std(dim, { correction, keepdim }), [x])).toBe(true)
      expect(gradgradcheck((t) => t.std(dim, { correction, keepdim }), [x])).toBe(true)
    },
  )
  test.prop([withDim(arbTensor())], runs)('logsumexp', ([x, dim, keepdim]) => {
    const d = dim ?? 0
    expect(gradcheck((t) => t.logsumexp(d, keepdim), [x])).toBe(true)
    expect(gradgradcheck((t) => t.logsumexp(d, keepdim), [x])).toBe(true)
  })
  test.prop([withDim(arbTensor({}, 3).filter((x) => x.ndim > 0))], runs)('softmax and logSoftmax', ([x, dim]) => {
    const d = dim ?? -1
    const w = x.detach().mul(1.7).cos()
    expect(gradcheck((t) => t.softmax(d).mul(w), [x])).toBe(true)
    expect(gradcheck((t) => t.logSoftmax(d).mul(w), [x])).toBe(true)
    expect(gradgradcheck((t) => t.softmax(d).mul(w), [x])).toBe(true)
    expect(gradgradcheck((t) => t.logSoftmax(d).mul(w), [x])).toBe(true)
  })
})

describe('examples', () => {
  test('PyTorch names: SumBackward0/1, MeanBackward0/1, MaxBackward1 (all) / MaxBackward0 (dim)', () => {
    const x = tensor([[1, 2], [3, 4]], { dtype: 'float32', requiresGrad: true })
    expect([x.sum(), x.sum(0), x.mean(), x.mean(1, true), x.max(), x.max(0), x.min(), x.min(1)].map((t) => t.gradFn?.name))
      .toEqual(['SumBackward0', 'SumBackward1', 'MeanBackward0', 'MeanBackward1', 'MaxBackward1', 'MaxBackward0', 'MinBackward1', 'MinBackward0'])
    expect([x.var(), x.std(0), x.logsumexp(1), x.softmax(0), x.logSoftmax(1)].map((t) => t.gradFn?.name)).toEqual([
      'VarBackward0',
      'StdBackward0',
      'LogsumexpBackward0',
      'SoftmaxBackward0',
      'LogSoftmaxBackward0',
    ])
  })
  test('max over all elements shares the gradient among ties', () => {
    const x = tensor([1, 3, 3, 2], { dtype: 'float32', requiresGrad: true })
    x.max().mul(2).backward()
    expect(x.grad?.tolist()).toEqual([0, 1, 1, 0])
  })
  test('max along a dim sends the gradient to the first maximum', () => {
    const x = tensor([[1, 5, 5], [7, 0, 7]], { dtype: 'float32', requiresGrad: true })
    x.max(1).sum().backward()
    expect(x.grad?.tolist()).toEqual([[0, 1, 0], [1, 0, 0]])
  })
  test('std with zero spread has zero gradient rather than NaN', () => {
    const x = tensor([2, 2, 2], { dtype: 'float64', requiresGrad: true })
    x.std().backward()
    expect(x.grad?.tolist()).toEqual([0, 0, 0])
  })
  test('mean of a 0-d tensor and sum over dim 0 of a 0-d tensor', () => {
    const x = tensor(4, { dtype: 'float32', requiresGrad: true })
    x.mean().add(x.sum(0)).backward()
    expect(x.grad?.item()).toBe(2)
  })
  test('an out-of-range dim is PyTorch IndexError', () => {
    const x = tensor([1, 2], { dtype: 'float32' })
    expect(() => x.sum(2)).toThrow('Dimension out of range (expected to be in range of [-1, 0], but got 2)')
  })
})

describe('mean of one element without createGraph (no division by 1) gives the bits of the recorded path', () => {
  test.prop([fc.double(), fc.double(), fc.constantFrom<number[]>([], [1], [1, 1]), fc.constantFrom('float32', 'float64')], { numRuns: 100 })(
    'any value, NaN and infinities included, through a following op',
    (v, s, shape, dtype) => {
      const grads = (createGraph: boolean) => {
        const x = tensor(v, { dtype: dtype as 'float32' | 'float64', requiresGrad: true })
        const y = x.reshape(shape)
        y.mean().mul(s).backward(null, { createGraph })
        return x.grad!.item()
      }
      const fast = grads(false)
      const recorded = grads(true)
      expect(Object.is(fast, recorded) || (Number.isNaN(fast) && Number.isNaN(recorded))).toBe(true)
    },
  )
})
