import * as K from '@descent/tensor'
import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { arbLeaf } from '../../test/arbitraries.js'
import { addmm, fromArray, gradcheck, gradgradcheck, noGrad, tensor } from '../index.js'

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

/** addmm operands: mat1 [n, k], mat2 [k, m] and an input that broadcasts to [n, m] (F.linear's bias is [m]). */
const arbAddmmShapes = fc
  .tuple(dim, dim, dim, fc.constantFrom('full', 'row', 'rowMatrix', 'column', 'scalar'))
  .map(([n, k, m, kind]): [number[], number[], number[]] => {
    const input = { full: [n, m], row: [m], rowMatrix: [1, m], column: [n, 1], scalar: [] }[kind]
    return [input, [n, k], [k, m]]
  })

describe('addmm passes gradcheck and gradgradcheck, its input broadcast or not', () => {
  test.prop([arbAddmmShapes.chain(([si, s1, s2]) => fc.tuple(arbLeaf(si), arbLeaf(s1), arbLeaf(s2)))], runs)(
    'addmm',
    ([input, mat1, mat2]) => {
      expect(gradcheck((x, a, b) => x.addmm(a, b), [input, mat1, mat2])).toBe(true)
      expect(gradgradcheck((x, a, b) => x.addmm(a, b), [input, mat1, mat2])).toBe(true)
    },
  )
})

describe('addmm', () => {
  test('its forward is @descent/tensor addmm bit for bit, where matmul then add differs (M·N·K > 1e6, K > 320)', () => {
    const g = new K.Generator().manualSeed(7)
    const [bias, x, w] = [K.randn([48], { generator: g }), K.randn([64, 400], { generator: g }), K.randn([48, 400], { generator: g })]
    const [b, a, wt] = [fromArray(bias, { requiresGrad: true }), fromArray(x), fromArray(w, { requiresGrad: true })]
    const out = b.addmm(a, wt.t())
    const expected = K.addmm(bias, x, K.t(w))
    expect(out.gradFn?.name).toBe('AddmmBackward0')
    expect(Array.from(K.toTypedArray(out.array))).toEqual(Array.from(K.toTypedArray(expected)))
    const unfused = K.toTypedArray(K.add(K.matmul(x, K.t(w)), bias))
    expect(Array.from(K.toTypedArray(out.array))).not.toEqual(Array.from(unfused))
    expect(Array.from(K.toTypedArray(noGrad(() => addmm(b, a, wt.t())).array))).toEqual(Array.from(K.toTypedArray(expected)))
  })
  test('gradients by hand: the bias gradient is summed over rows', () => {
    const bias = tensor([10, 20], { dtype: 'float32', requiresGrad: true })
    const a = tensor([[1, 2], [3, 4], [5, 6]], { dtype: 'float32', requiresGrad: true })
    const b = tensor([[1, 0], [0, 2]], { dtype: 'float32', requiresGrad: true })
    const out = addmm(bias, a, b)
    expect(out.tolist()).toEqual([[11, 24], [13, 28], [15, 32]])
    out.sum().backward()
    expect(bias.grad?.tolist()).toEqual([3, 3])
    expect(a.grad?.tolist()).toEqual([[1, 2], [1, 2], [1, 2]])
    expect(b.grad?.tolist()).toEqual([[9, 9], [12, 12]])
  })
  test('records AddmmBackward0 with an edge per input, None where no gradient flows (as PyTorch)', () => {
    const x = tensor([[1, 2]], { dtype: 'float32', requiresGrad: true })
    const out = tensor([0, 0], { dtype: 'float32' }).addmm(x, tensor([[1, 0], [0, 1]], { dtype: 'float32' }))
    expect(out.gradFn?.name).toBe('AddmmBackward0')
    expect(out.gradFn?.nextFunctions.map(([n]) => n?.name ?? null)).toEqual([null, 'AccumulateGrad', null])
  })
  test('refuses operands that are not matrices with PyTorch wording', () => {
    const v = tensor([1, 2], { dtype: 'float32', requiresGrad: true })
    const m = tensor([[1, 2], [3, 4]], { dtype: 'float32' })
    expect(() => v.addmm(v, m)).toThrow('mat1 must be a matrix, got 1-D tensor')
    expect(() => v.addmm(m, tensor([[1, 2, 3]], { dtype: 'float32' }))).toThrow(
      'mat1 and mat2 shapes cannot be multiplied (2x2 and 1x3)',
    )
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
