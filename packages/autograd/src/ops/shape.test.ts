import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { arbLeaf, arbShape, arbTensor } from '../../test/arbitraries.js'
import { type Tensor, gradcheck, gradgradcheck, tensor } from '../index.js'

const runs = { numRuns: 20 }

/** Checks first and second derivatives of a view op through a nonlinearity, so the view's backward is exercised. */
function check(f: (x: Tensor) => Tensor, x: Tensor) {
  expect(gradcheck((t) => f(t).square(), [x])).toBe(true)
  expect(gradgradcheck((t) => f(t).square(), [x])).toBe(true)
}

const nonScalar = arbTensor().filter((x) => x.ndim > 0)
const anyDim = (x: Tensor) => fc.integer({ min: -x.ndim, max: x.ndim - 1 })

describe('shape ops pass gradcheck and gradgradcheck', () => {
  test.prop([arbTensor()], runs)('reshape to 1-D and back; view', (x) => {
    check((t) => t.reshape(-1).reshape(x.shape as number[]), x)
    check((t) => t.view([t.numel()]), x)
  })
  test.prop([nonScalar.chain((x) => fc.tuple(fc.constant(x), anyDim(x), anyDim(x)))], runs)(
    'transpose (and reshape of the non-contiguous result)',
    ([x, a, b]) => {
      check((t) => t.transpose(a, b), x)
      check((t) => t.transpose(a, b).reshape(-1), x)
    },
  )
  test.prop([nonScalar.chain((x) => fc.tuple(fc.constant(x), fc.shuffledSubarray([...x.shape.keys()], { minLength: x.ndim })))], runs)(
    'permute',
    ([x, dims]) => check((t) => t.permute(dims), x),
  )
  test.prop([arbLeaf([2, 3])], runs)('t and contiguous', (x) => {
    check((t) => t.t().contiguous(), x)
  })
  test.prop([arbShape(2).chain((s) => fc.tuple(arbLeaf(s.map(() => 1)), fc.constant(s)))], runs)(
    'expand (gradient summed over the expanded dims)',
    ([x, s]) => check((t) => t.expand([2, ...s]), x),
  )
  test.prop([arbShape(3).chain((s) => arbLeaf([1, ...s, 1]))], runs)('squeeze and unsqueeze', (x) => {
    check((t) => t.squeeze(), x)
    check((t) => t.squeeze(0).unsqueeze(-1), x)
    check((t) => t.squeeze(-1), x)
  })
  test.prop([nonScalar.chain((x) => fc.tuple(fc.constant(x), fc.nat(x.shape[0]! - 1)))], runs)(
    'select and iteration',
    ([x, i]) => {
      check((t) => t.select(0, i), x)
      check((t) => [...t][i]!, x)
    },
  )
  test.prop(
    [
      arbShape(3)
        .filter((s) => s.length > 0)
        .chain((s) => fc.tuple(arbLeaf(s.map((d, i) => (i === 0 ? d + 3 : d))), fc.nat(2), fc.integer({ min: 1, max: 3 }))),
    ],
    runs,
  )('narrow and strided slice', ([x, start, step]) => {
    check((t) => t.narrow(0, start, 2), x)
    check((t) => t.slice(0, start, undefined, step), x)
  })
  test.prop([arbTensor()], runs)('flatten and clone', (x) => {
    check((t) => t.flatten().clone(), x)
  })
})

describe('examples', () => {
  const x = () => tensor([[1, 2, 3], [4, 5, 6]], { dtype: 'float32', requiresGrad: true })
  test('view ops record PyTorch names', () => {
    const a = x()
    const names = [
      a.reshape(3, 2),
      a.t().reshape(6),
      a.view(6),
      a.transpose(0, 1),
      a.permute(1, 0),
      a.t(),
      a.sum(0).expand(2, 3),
      a.unsqueeze(0).squeeze(),
      a.unsqueeze(0).squeeze(0),
      a.unsqueeze(0),
      a.flatten(),
      a.select(0, 1),
      a.narrow(1, 0, 2),
      a.t().contiguous(),
      a.clone(),
      [...a][0]!,
    ].map((t) => t.gradFn?.name)
    expect(names).toEqual([
      'ReshapeAliasBackward0',
      'UnsafeViewBackward0',
      'ViewBackward0',
      'TransposeBackward0',
      'PermuteBackward0',
      'TBackward0',
      'ExpandBackward0',
      'SqueezeBackward0',
      'SqueezeBackward1',
      'UnsqueezeBackward0',
      'ReshapeAliasBackward0',
      'SelectBackward0',
      'SliceBackward0',
      'CloneBackward0',
      'CloneBackward0',
      'UnbindBackward0',
    ])
  })
  test('contiguous of a contiguous tensor returns the tensor itself', () => {
    const a = x()
    expect(a.contiguous()).toBe(a)
    expect(a.flatten(1, 1)).toBe(a)
  })
  test('destructuring yields differentiable elements', () => {
    const params = tensor([1, 2, 3], { dtype: 'float32', requiresGrad: true })
    const [a, b, c] = params
    a!.mul(10).add(b!.mul(20)).add(c!.mul(30)).backward()
    expect(params.grad?.tolist()).toEqual([10, 20, 30])
  })
  test('views share the version counter of their base', () => {
    const a = x()
    const v = a.detach().select(0, 0)
    v.add_(1)
    expect(a._version).toBe(1)
    expect(a.tolist()).toEqual([[2, 3, 4], [4, 5, 6]])
  })
  test('iterating a 0-d tensor is a TypeError', () => {
    expect(() => [...tensor(1, { dtype: 'float32' })]).toThrow('iteration over a 0-d tensor')
  })
  test('select out of range is PyTorch IndexError', () => {
    expect(() => x().select(0, 2)).toThrow('select(): index 2 out of range for tensor of size [2, 3] at dimension 0')
  })
})
