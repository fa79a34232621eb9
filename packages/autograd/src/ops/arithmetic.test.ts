import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { arbBroadcastPair, arbLeaf, arbShape, arbTensor } from '../../test/arbitraries.js'
import { gradcheck, gradgradcheck, tensor, where } from '../index.js'

const runs = { numRuns: 25 }

describe('binary ops pass gradcheck and gradgradcheck under broadcasting', () => {
  test.prop([arbBroadcastPair()], runs)('add (with alpha)', ([a, b]) => {
    expect(gradcheck((x, y) => x.add(y, { alpha: 1.5 }), [a, b])).toBe(true)
    expect(gradgradcheck((x, y) => x.add(y).mul(x), [a, b])).toBe(true)
  })
  test.prop([arbBroadcastPair()], runs)('sub (with alpha)', ([a, b]) => {
    expect(gradcheck((x, y) => x.sub(y, { alpha: -2 }), [a, b])).toBe(true)
    expect(gradgradcheck((x, y) => x.sub(y).mul(y), [a, b])).toBe(true)
  })
  test.prop([arbBroadcastPair()], runs)('mul', ([a, b]) => {
    expect(gradcheck((x, y) => x.mul(y), [a, b])).toBe(true)
    expect(gradgradcheck((x, y) => x.mul(y), [a, b])).toBe(true)
  })
  test.prop([arbBroadcastPair({}, { awayFromZero: 0.3 })], runs)('div', ([a, b]) => {
    expect(gradcheck((x, y) => x.div(y), [a, b])).toBe(true)
    expect(gradgradcheck((x, y) => x.div(y), [a, b])).toBe(true)
  })
  // PyTorch masks the base's gradient where the exponent is exactly 0, so second derivatives jump there
  test.prop([arbBroadcastPair({ min: 0.2, max: 2 }, { min: -2, max: 2, avoid: [0] })], runs)('pow tensor ** tensor', ([a, b]) => {
    expect(gradcheck((x, y) => x.pow(y), [a, b])).toBe(true)
    expect(gradgradcheck((x, y) => x.pow(y), [a, b])).toBe(true)
  })
  test.prop([arbBroadcastPair()], runs)('maximum and minimum away from ties', ([a, b]) => {
    fc.pre(a.sub(b).abs().min().item() as number > 1e-3)
    expect(gradcheck((x, y) => x.maximum(y), [a, b])).toBe(true)
    expect(gradcheck((x, y) => x.minimum(y), [a, b])).toBe(true)
    expect(gradgradcheck((x, y) => x.maximum(y).mul(x), [a, b])).toBe(true)
  })
  test.prop([arbBroadcastPair(), arbShape(2)], runs)('where', ([a, b]) => {
    const cond = a.detach().gt(0)
    expect(gradcheck((x, y) => where(cond, x, y), [a, b])).toBe(true)
    expect(gradgradcheck((x, y) => where(cond, x.mul(y), y), [a, b])).toBe(true)
  })
})

describe('tensor-scalar ops', () => {
  test.prop([arbTensor(), fc.double({ min: -3, max: 3, noNaN: true })], runs)('add, sub, mul with a scalar', (a, s) => {
    expect(gradcheck((x) => x.add(s).mul(s).sub(s), [a])).toBe(true)
  })
  test.prop([arbTensor({ awayFromZero: 0.3 }), fc.constantFrom(-2, -1, 0, 1, 2, 3)], runs)(
    'pow with an integer exponent',
    (a, p) => {
      expect(gradcheck((x) => x.pow(p), [a])).toBe(true)
      expect(gradgradcheck((x) => x.pow(p), [a])).toBe(true)
    },
  )
  test.prop([arbTensor({ min: 0.2, max: 3 }), fc.double({ min: -2.5, max: 2.5, noNaN: true })], runs)(
    'pow with a real exponent on positive bases',
    (a, p) => {
      expect(gradcheck((x) => x.pow(p), [a])).toBe(true)
      expect(gradgradcheck((x) => x.pow(p), [a])).toBe(true)
    },
  )
  test.prop([arbLeaf([3], { awayFromZero: 0.2 })], runs)('div by a scalar and square', (a) => {
    expect(gradcheck((x) => x.div(3).square(), [a])).toBe(true)
    expect(gradgradcheck((x) => x.square(), [a])).toBe(true)
  })
})

describe('examples', () => {
  test('x ** 2 records PowBackward0, x ** y PowBackward1, square PowBackward0', () => {
    const x = tensor([1, 2], { dtype: 'float32', requiresGrad: true })
    expect(x.pow(2).gradFn?.name).toBe('PowBackward0')
    expect(x.pow(x).gradFn?.name).toBe('PowBackward1')
    expect(x.square().gradFn?.name).toBe('PowBackward0')
  })
  test('the gradient of x² at 3 is 6', () => {
    const x = tensor(3, { dtype: 'float32', requiresGrad: true })
    x.pow(2).backward()
    expect(x.grad?.item()).toBe(6)
  })
  test('pow with exponent 0 has zero gradient, even at x = 0', () => {
    const x = tensor([0, 2], { dtype: 'float64', requiresGrad: true })
    x.pow(0).sum().backward()
    expect(x.grad?.tolist()).toEqual([0, 0])
  })
  test('x ** y at x = 0 gives the exponent no NaN gradient (PyTorch masks log 0)', () => {
    const x = tensor([0, 0], { dtype: 'float64', requiresGrad: true })
    const y = tensor([2, 0], { dtype: 'float64', requiresGrad: true })
    x.pow(y).sum().backward()
    expect(y.grad?.tolist()).toEqual([0, 0])
    expect(x.grad?.tolist()).toEqual([0, 0])
  })
  test('maximum and minimum split the gradient at ties', () => {
    const a = tensor([1, 2, 3], { dtype: 'float32', requiresGrad: true })
    const b = tensor([1, 1, 4], { dtype: 'float32', requiresGrad: true })
    a.maximum(b).sum().backward()
    expect(a.grad?.tolist()).toEqual([0.5, 1, 0])
    expect(b.grad?.tolist()).toEqual([0.5, 0, 1])
  })
  test('broadcast gradients are summed back to each input shape', () => {
    const a = tensor([[1], [2]], { dtype: 'float32', requiresGrad: true })
    const b = tensor([10, 20, 30], { dtype: 'float32', requiresGrad: true })
    a.mul(b).sum().backward()
    expect(a.grad?.tolist()).toEqual([[60], [60]])
    expect(b.grad?.tolist()).toEqual([3, 3, 3])
  })
  test('a scalar operand keeps float32 and records a None edge', () => {
    const x = tensor([1, 2], { dtype: 'float32', requiresGrad: true })
    const y = x.mul(2.5)
    expect(y.dtype).toBe('float32')
    expect(y.gradFn?.nextFunctions.map(([n]) => n?.name ?? null)).toEqual(['AccumulateGrad', null])
  })
  test('where passes gradient only to the chosen side', () => {
    const a = tensor([1, -1], { dtype: 'float32', requiresGrad: true })
    const b = tensor([5, 5], { dtype: 'float32', requiresGrad: true })
    where(a.gt(0), a, b).sum().backward()
    expect(a.grad?.tolist()).toEqual([1, 0])
    expect(b.grad?.tolist()).toEqual([0, 1])
  })
})
