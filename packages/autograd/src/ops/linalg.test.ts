import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { arbLeaf } from '../../test/arbitraries.js'
import { gradcheck, gradgradcheck, tensor } from '../index.js'

const runs = { numRuns: 15 }
const dim = fc.integer({ min: 1, max: 3 })

/** Operand shapes for every torch.matmul case: 1-D, 2-D, batched, broadcast batches. */
const arbMatmulShapes = fc
  .tuple(dim, dim, dim, fc.constantFrom('vv', 'mm', 'mv', 'vm', 'bm', 'mb', 'bb', 'bv', 'vb', 'broadcast'), dim)
  .map(([n, k, m, kind, b]): [number[], number[]] => {
    switch (kind) {
      case 'vv':
        return [[k], [k]]
      case 'mm':
        return [[n, k], [k, m]]
      case 'mv':
        return [[n, k], [k]]
      case 'vm':
        return [[k], [k, m]]
      case 'bm':
        return [[b, n, k], [k, m]]
      case 'mb':
        return [[n, k], [b, k, m]]
      case 'bb':
        return [[b, n, k], [b, k, m]]
      case 'bv':
        return [[b, n, k], [k]]
      case 'vb':
        return [[k], [b, k, m]]
      default:
        return [[b, 1, n, k], [2, k, m]]
    }
  })

describe('matmul passes gradcheck and gradgradcheck in every shape case', () => {
  test.prop([arbMatmulShapes.chain(([sa, sb]) => fc.tuple(arbLeaf(sa), arbLeaf(sb)))], runs)('matmul', ([a, b]) => {
    expect(gradcheck((x, y) => x.matmul(y), [a, b])).toBe(true)
    expect(gradgradcheck((x, y) => x.matmul(y), [a, b])).toBe(true)
  })
  test.prop([dim.chain((k) => fc.tuple(arbLeaf([k]), arbLeaf([k])))], runs)('dot', ([a, b]) => {
    expect(gradcheck((x, y) => x.dot(y), [a, b])).toBe(true)
    expect(gradgradcheck((x, y) => x.dot(y), [a, b])).toBe(true)
  })
})

describe('examples', () => {
  const f = (shape: number[]) => tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i + 1), { dtype: 'float32' }).reshape(shape).requiresGrad_()
  test('matmul records the node PyTorch records for each case', () => {
    const cases: [number[], number[], string][] = [
      [[3], [3], 'DotBackward0'],
      [[2, 3], [3, 2], 'MmBackward0'],
      [[2, 3], [3], 'MvBackward0'],
      [[3], [3, 2], 'SqueezeBackward3'],
      [[2, 2, 3], [3, 2], 'UnsafeViewBackward0'],
      [[2, 2, 3], [2, 3, 2], 'UnsafeViewBackward0'],
      [[2, 3], [2, 3, 2], 'CloneBackward0'],
    ]
    for (const [sa, sb, name] of cases) expect(f(sa).matmul(f(sb)).gradFn?.name).toBe(name)
  })
  test('mm gradients by hand', () => {
    const a = tensor([[1, 2], [3, 4]], { dtype: 'float32', requiresGrad: true })
    const b = tensor([[1, 0], [0, 2]], { dtype: 'float32', requiresGrad: true })
    a.matmul(b).sum().backward()
    expect(a.grad?.tolist()).toEqual([[1, 2], [1, 2]])
    expect(b.grad?.tolist()).toEqual([[4, 4], [6, 6]])
  })
  test('0-d operands are refused with PyTorch wording', () => {
    expect(() => f([]).matmul(f([2]))).toThrow('both arguments to matmul need to be at least 1D, but they are 0D and 1D')
  })
})
