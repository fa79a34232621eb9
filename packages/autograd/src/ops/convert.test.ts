import { test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { arbTensor } from '../../test/arbitraries.js'
import { gradcheck, gradgradcheck, noGrad, tensor } from '../index.js'

describe('to(dtype)', () => {
  test.prop([arbTensor()], { numRuns: 15 })('float64 -> float64 round trip through a cast passes gradcheck', (x) => {
    // through float32 the values lose precision, so check the identity cast and the double-backward path
    expect(gradcheck((t) => t.to('float64').mul(t), [x])).toBe(true)
    expect(gradgradcheck((t) => t.to('float64').square(), [x])).toBe(true)
  })
  test('casting records ToCopyBackward0 and casts the gradient back', () => {
    const x = tensor([1, 2], { dtype: 'float32', requiresGrad: true })
    const y = x.double()
    expect(y.gradFn?.name).toBe('ToCopyBackward0')
    expect(y.dtype).toBe('float64')
    y.mul(y).sum().backward()
    expect(x.grad?.dtype).toBe('float32')
    expect(x.grad?.tolist()).toEqual([2, 4])
    expect(x.float()).toBe(x)
  })
  test('an integer result does not require grad', () => {
    const x = tensor([1.5, 2], { dtype: 'float32', requiresGrad: true })
    const i = x.to('int64')
    expect([i.requiresGrad, i.gradFn, i.tolist()]).toEqual([false, null, [1, 2]])
  })
})

describe('copy_, fill_ and zero_ while recording', () => {
  test('copy_ sends the gradient to the source, summed to its shape and cast to its dtype', () => {
    const src = tensor([1, 2, 3], { dtype: 'float64', requiresGrad: true })
    const dst = tensor([[0, 0, 0], [0, 0, 0]], { dtype: 'float32' })
    dst.copy_(src)
    expect(dst.gradFn?.name).toBe('CopyBackwards')
    dst.mul(2).sum().backward()
    expect(src.grad?.tolist()).toEqual([4, 4, 4])
    expect(src.grad?.dtype).toBe('float64')
  })
  test('fill_ on a non-leaf cuts the gradient to the old values', () => {
    const x = tensor([1, 2], { dtype: 'float32', requiresGrad: true })
    const y = x.mul(3)
    y.fill_(5)
    expect(y.tolist()).toEqual([5, 5])
    y.sum().backward()
    expect(x.grad?.tolist()).toEqual([0, 0])
  })
  test('zero_ under noGrad on a grad tensor', () => {
    const x = tensor([1, 2], { dtype: 'float32', requiresGrad: true })
    x.mul(x).sum().backward()
    noGrad(() => x.grad!.zero_())
    expect(x.grad?.tolist()).toEqual([0, 0])
  })
})
