import { arbArray, arbArrayOfShape, arbShape } from '@descent/test-utils'
import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { shapeSize } from './NDArray.js'
import { arange, array, zeros } from './creation.js'
import { tolist, toTypedArray } from './ops/read.js'
import {
  clone,
  contiguous,
  expand,
  flatten,
  narrow,
  permute,
  reshape,
  select,
  slice,
  squeeze,
  t,
  transpose,
  unsqueeze,
  view,
} from './views.js'

const m = () => reshape(arange(6, { dtype: 'float32' }), [2, 3])

describe('view and reshape', () => {
  test('share storage when possible', () => {
    const a = m()
    const v = view(a, [3, -1])
    expect(v.shape).toEqual([3, 2])
    expect(v.data).toBe(a.data)
    expect(reshape(a, [6]).data).toBe(a.data)
  })

  test('reshape copies a transposed array; view refuses', () => {
    const a = t(m())
    expect(tolist(reshape(a, [6]))).toEqual([0, 3, 1, 4, 2, 5])
    expect(reshape(a, [6]).data).not.toBe(a.data)
    expect(() => view(a, [6])).toThrow(
      "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.",
    )
  })

  test('views of expanded and sliced arrays follow computeStride', () => {
    expect(reshape(expand(zeros([3]), [2, 3]), [2, 3, 1]).strides).toEqual([0, 1, 1])
    expect(() => view(slice(zeros([4, 3]), 0, 0, 4, 2), [6])).toThrow('view size is not compatible')
    expect(view(narrow(zeros([2, 3]), 1, 1, 2), [2, 2, 1]).strides).toEqual([3, 1, 1])
  })

  test('shape errors are PyTorch errors', () => {
    expect(() => view(zeros([6]), [4])).toThrow("shape '[4]' is invalid for input of size 6")
    expect(() => reshape(zeros([6]), [-1, 4])).toThrow("shape '[-1, 4]' is invalid for input of size 6")
    expect(() => reshape(zeros([6]), [-1, -1])).toThrow('only one dimension can be inferred')
    expect(() => reshape(zeros([0]), [-1, 0])).toThrow(
      'cannot reshape tensor of 0 elements into shape [-1, 0] because the unspecified dimension size -1 can be any value and is ambiguous',
    )
  })

  test.prop([arbArray({ maxRank: 4 }), fc.integer({ min: 0, max: 3 })])('reshape round-trips through flat', (a, k) => {
    const flat = reshape(a, [-1])
    expect(flat.shape).toEqual([a.size])
    const back = reshape(flat, a.shape)
    expect(toTypedArray(back)).toEqual(toTypedArray(a))
    // Reshaping a transposed view keeps row-major order of the view.
    if (a.shape.length >= 2) {
      const tv = transpose(a, 0, Math.min(k, a.shape.length - 1))
      expect(toTypedArray(reshape(tv, [-1]))).toEqual(toTypedArray(contiguous(tv)))
    }
  })
})

describe('transpose, permute, t', () => {
  test.prop([arbShape({ minRank: 1, maxRank: 4 }).chain((s) => fc.tuple(arbArrayOfShape(s), fc.shuffledSubarray(s.map((_, i) => i), { minLength: s.length, maxLength: s.length })))])(
    'permute then its inverse is the identity',
    ([a, perm]) => {
      const inv = new Array<number>(perm.length)
      perm.forEach((p, i) => {
        inv[p] = i
      })
      const back = permute(permute(a, perm), inv)
      expect(back.shape).toEqual(a.shape)
      expect(back.strides).toEqual(a.strides)
      expect(toTypedArray(back)).toEqual(toTypedArray(a))
    },
  )

  test('transpose swaps elements', () => {
    expect(tolist(transpose(m(), 0, 1))).toEqual([
      [0, 3],
      [1, 4],
      [2, 5],
    ])
    expect(tolist(t(array([1, 2])))).toEqual([1, 2])
  })

  test('errors', () => {
    expect(() => t(zeros([2, 3, 4]))).toThrow('t() expects a tensor with <= 2 dimensions, but self is 3D')
    expect(() => permute(zeros([2, 3]), [0, 0])).toThrow('permute(): duplicate dims are not allowed.')
    expect(() => transpose(zeros([2, 3]), 0, 2)).toThrow(
      'Dimension out of range (expected to be in range of [-2, 1], but got 2)',
    )
  })
})

describe('expand, squeeze, unsqueeze', () => {
  test('expand repeats with stride 0 and -1 keeps a dim', () => {
    const e = expand(array([[1], [2]]), [2, -1, 3])
    expect(e.shape).toEqual([2, 2, 3])
    expect(e.strides).toEqual([0, 1, 0])
    expect(tolist(e)).toEqual([
      [
        [1, 1, 1],
        [2, 2, 2],
      ],
      [
        [1, 1, 1],
        [2, 2, 2],
      ],
    ])
  })

  test('expand errors', () => {
    expect(() => expand(zeros([2, 3]), [3, 3])).toThrow(
      'The expanded size of the tensor (3) must match the existing size (2) at non-singleton dimension 0.  Target sizes: [3, 3].  Tensor sizes: [2, 3]',
    )
    expect(() => expand(zeros([2, 3]), [3])).toThrow(
      'expand(torch.FloatTensor{[2, 3]}, size=[3]): the number of sizes provided (1) must be greater or equal to the number of dimensions in the tensor (2)',
    )
    expect(() => expand(zeros([2, 3]), [-1, -1, 3])).toThrow(
      "The expanded size of the tensor (-1) isn't allowed in a leading, non-existing dimension 0",
    )
  })

  test('squeeze and unsqueeze', () => {
    expect(squeeze(zeros([1, 3, 1])).shape).toEqual([3])
    expect(squeeze(zeros([1, 3, 1]), 0).shape).toEqual([3, 1])
    expect(squeeze(zeros([2, 3]), 0).shape).toEqual([2, 3])
    expect(unsqueeze(zeros([3]), 0).shape).toEqual([1, 3])
    expect(unsqueeze(zeros([3]), -1).shape).toEqual([3, 1])
    expect(() => unsqueeze(zeros([2, 3]), 3)).toThrow('Dimension out of range (expected to be in range of [-3, 2], but got 3)')
  })

  test.prop([arbArray({ maxRank: 3 }), fc.nat()])('unsqueeze then squeeze at the same dim round-trips', (a, k) => {
    const d = k % (a.shape.length + 1)
    const u = unsqueeze(a, d)
    expect(u.shape.length).toBe(a.shape.length + 1)
    expect(toTypedArray(squeeze(u, d))).toEqual(toTypedArray(a))
    expect(squeeze(u, d).shape).toEqual(a.shape)
  })
})

describe('select, narrow, slice', () => {
  test('select picks a row or column', () => {
    expect(tolist(select(m(), 0, 1))).toEqual([3, 4, 5])
    expect(tolist(select(m(), -1, -1))).toEqual([2, 5])
    expect(() => select(m(), 0, 2)).toThrow('select(): index 2 out of range for tensor of size [2, 3] at dimension 0')
    expect(() => select(zeros([]), 0, 0)).toThrow('select() cannot be applied to a 0-dim tensor.')
  })

  test('narrow and its errors', () => {
    expect(tolist(narrow(m(), 1, 1, 2))).toEqual([
      [1, 2],
      [4, 5],
    ])
    expect(narrow(m(), 1, 3, 0).shape).toEqual([2, 0])
    expect(() => narrow(m(), 1, 2, 2)).toThrow('start (2) + length (2) exceeds dimension size (3).')
    expect(() => narrow(m(), 1, -4, 1)).toThrow('Dimension out of range (expected to be in range of [-3, 2], but got -4)')
  })

  test('slice follows Python semantics', () => {
    const a = arange(6)
    expect(tolist(slice(a, 0, 1, 5, 2))).toEqual([1, 3])
    expect(tolist(slice(a, 0, -2))).toEqual([4, 5])
    expect(tolist(slice(a, 0, 10, 20))).toEqual([])
    expect(tolist(slice(a, 0, undefined, undefined, 4))).toEqual([0, 4])
    expect(() => slice(a, 0, 0, 1, 0)).toThrow('slice step cannot be zero')
    expect(() => slice(a, 0, 0, 1, -1)).toThrow('step must be greater than zero')
  })

  test.prop([arbArray({ minRank: 1 }), fc.nat(), fc.nat()])('select equals slicing one index and squeezing', (a, kd, ki) => {
    const d = kd % a.shape.length
    const i = ki % a.shape[d]!
    expect(toTypedArray(select(a, d, i))).toEqual(toTypedArray(squeeze(slice(a, d, i, i + 1), d)))
  })
})

describe('flatten, contiguous, clone', () => {
  test('flatten', () => {
    expect(flatten(zeros([2, 3, 4])).shape).toEqual([24])
    expect(flatten(zeros([2, 3, 4]), 1).shape).toEqual([2, 12])
    expect(flatten(zeros([])).shape).toEqual([1])
    expect(() => flatten(zeros([2, 3]), 1, 0)).toThrow('flatten() has invalid args: start_dim cannot come after end_dim')
  })

  test('contiguous returns the same array when it is already contiguous', () => {
    const a = m()
    expect(contiguous(a)).toBe(a)
    expect(contiguous(t(a)).strides).toEqual([2, 1])
    expect(clone(a).data).not.toBe(a.data)
  })

  test.prop([arbShape({ maxRank: 4 })])('clone has the shape and size of its input', (s) => {
    const c = clone(zeros(s))
    expect(c.shape).toEqual(s)
    expect(c.size).toBe(shapeSize(s))
  })
})
