import { arbArrayOfShape, arbBroadcastPair, arbBroadcastShapes } from '@descent/test-utils'
import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { array, scalar, zeros } from '../creation.js'
import { broadcastShapes } from '../shape.js'
import { NDArray } from '../NDArray.js'
import { contiguous, expand, select } from '../views.js'
import { add, div, eq, ge, gt, le, lt, maximum, minimum, mul, mulSign, ne, pow, sub, where } from './binary.js'
import { sign } from './unary.js'
import { tolist, toTypedArray } from './read.js'

describe('broadcasting', () => {
  test('a column plus a row is a matrix', () => {
    expect(tolist(add(array([[1], [2]]), array([10, 20, 30])))).toEqual([
      [11, 21, 31],
      [12, 22, 32],
    ])
  })

  test('incompatible shapes throw PyTorch errors naming the last mismatching dim', () => {
    expect(() => add(zeros([3]), zeros([4]))).toThrow(
      'The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 0',
    )
    expect(() => add(zeros([2, 3]), zeros([3, 2]))).toThrow(
      'The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 1',
    )
  })

  test.prop([arbBroadcastPair()], { numRuns: 60 })('broadcasting equals explicit expand', ([a, b]) => {
    const shape = broadcastShapes(a.shape, b.shape)
    const ea = contiguous(expand(a, shape))
    const eb = contiguous(expand(b, shape))
    for (const op of [add, sub, mul, div, maximum, minimum]) {
      expect(toTypedArray(op(a, b))).toEqual(toTypedArray(op(ea, eb)))
    }
    expect(toTypedArray(lt(a, b))).toEqual(toTypedArray(lt(ea, eb)))
  })

  test.prop([arbBroadcastPair()], { numRuns: 40 })('add and mul commute under broadcasting', ([a, b]) => {
    expect(toTypedArray(add(a, b))).toEqual(toTypedArray(add(b, a)))
    expect(toTypedArray(mul(a, b))).toEqual(toTypedArray(mul(b, a)))
  })

  test('empty and 0-d operands broadcast', () => {
    expect(add(zeros([0, 3]), zeros([3])).shape).toEqual([0, 3])
    expect(add(zeros([0]), zeros([1])).shape).toEqual([0])
    expect(tolist(add(scalar(1), array([1, 2])))).toEqual([2, 3])
    expect(add(scalar(1), scalar(2)).shape).toEqual([])
  })

  test.prop([arbBroadcastShapes()])('broadcastShapes is symmetric', ([a, b]) => {
    expect(broadcastShapes(a, b)).toEqual(broadcastShapes(b, a))
  })
})

describe('float32 arithmetic', () => {
  const vals = fc.float({ noNaN: true, noDefaultInfinity: true, min: Math.fround(-1e30), max: Math.fround(1e30) })
  test.prop([fc.array(fc.tuple(vals, vals), { minLength: 1, maxLength: 20 })])(
    'each result is the float32 rounding of the exact result',
    (pairs) => {
      const a = array(pairs.map((p) => p[0]))
      const b = array(pairs.map((p) => p[1]))
      const exact = {
        add: (x: number, y: number) => x + y,
        sub: (x: number, y: number) => x - y,
        mul: (x: number, y: number) => x * y,
        div: (x: number, y: number) => x / y,
      }
      const got = { add: add(a, b), sub: sub(a, b), mul: mul(a, b), div: div(a, b) }
      for (const [name, f] of Object.entries(exact)) {
        const out = got[name as keyof typeof got]
        expect(out.dtype).toBe('float32')
        // Doubles hold float32 sums and products exactly (quotients to 53 bits), so one fround is exact rounding.
        pairs.forEach(([x, y], i) => {
        expect(out.data[i]).toBe(Math.fround(f(x, y)))
      })
      }
    },
  )

  test('a JS number is a Python scalar: float32 stays float32 and the scalar is rounded first', () => {
    const a = array([1])
    const r = add(a, 0.1)
    expect(r.dtype).toBe('float32')
    expect(r.data[0]).toBe(Math.fround(1 + Math.fround(0.1)))
    expect(tolist(gt(array([0.1]), 0.1))).toEqual([false])
  })
})

describe('dtype promotion', () => {
  test('int64 with an integer stays int64, with a float becomes float32', () => {
    const i = array([1, 2], { dtype: 'int64' })
    expect(add(i, 1).dtype).toBe('int64')
    expect(mul(i, 1.5).dtype).toBe('float32')
    expect(tolist(mul(i, 1.5))).toEqual([1.5, 3])
  })

  test('true division of integers is float32', () => {
    const r = div(array([1, 2], { dtype: 'int64' }), array([2, 2], { dtype: 'int64' }))
    expect(r.dtype).toBe('float32')
    expect(tolist(r)).toEqual([0.5, 1])
  })

  test('float32 with a 0-d float64 stays float32; int64 with it becomes float64', () => {
    expect(add(zeros([2]), scalar(1, 'float64')).dtype).toBe('float32')
    expect(add(zeros([2], { dtype: 'int64' }), scalar(1, 'float64')).dtype).toBe('float64')
  })

  test('bool + bool is logical or, bool * bool logical and; bool - bool throws', () => {
    const a = array([true, false, true, false])
    const b = array([true, true, false, false])
    expect(tolist(add(a, b))).toEqual([true, true, true, false])
    expect(tolist(mul(a, b))).toEqual([true, false, false, false])
    expect(() => sub(a, b)).toThrow(
      'Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.',
    )
  })
})

describe('pow', () => {
  test('integer powers stay integers; negative integer exponents throw', () => {
    const i = array([2, -3], { dtype: 'int64' })
    expect(tolist(pow(i, 3))).toEqual([8, -27])
    expect(() => pow(i, -1)).toThrow('Integers to negative integer powers are not allowed.')
    expect(tolist(pow(2, array([-2, 0, 3], { dtype: 'int64' })))).toEqual([0, 1, 8])
  })

  test('fast paths round like PyTorch', () => {
    const x = Math.fround(1.1)
    expect(pow(array([x]), 3).data[0]).toBe(Math.fround(Math.fround(x * x) * x))
    expect(pow(array([4]), -0.5).data[0]).toBe(0.5)
    expect(tolist(pow(array([-8]), 1 / 3))).toEqual([Number.NaN])
  })

  test('scalar base', () => {
    expect(tolist(pow(2, array([0, 1, 2])))).toEqual([1, 2, 4])
  })
})

describe('maximum and minimum', () => {
  test('propagate NaN', () => {
    expect(tolist(maximum(array([Number.NaN, 1]), array([1, Number.NaN])))).toEqual([Number.NaN, Number.NaN])
    expect(tolist(minimum(array([1, 5]), array([3, 2])))).toEqual([1, 2])
  })
})

describe('comparisons', () => {
  test('give bool arrays, NaN compares unequal', () => {
    const a = array([1, 2, Number.NaN])
    expect(tolist(eq(a, 2))).toEqual([false, true, false])
    expect(tolist(ne(a, 2))).toEqual([true, false, true])
    expect(tolist(le(a, 2))).toEqual([true, true, false])
    expect(tolist(ge(a, 2))).toEqual([false, true, false])
    expect(eq(a, 2).dtype).toBe('bool')
  })

  test('a scalar on the left flips the comparison', () => {
    expect(tolist(lt(0, array([-1, 1])))).toEqual([false, true])
    expect(tolist(gt(0, array([-1, 1])))).toEqual([true, false])
  })

  test.prop([arbArrayOfShape([5])])('lt is the negation of ge without NaN', (a) => {
    const l = lt(a, 0.5)
    const g = ge(a, 0.5)
    for (let i = 0; i < 5; i++) expect(l.data[i]! + g.data[i]!).toBe(1)
  })
})

describe('where', () => {
  test('picks and broadcasts, with scalars', () => {
    const x = array([-1, 2, -3])
    expect(tolist(where(gt(x, 0), x, 0))).toEqual([0, 2, 0])
    expect(tolist(where(array([[true], [false]]), 1, array([5, 6])))).toEqual([
      [1, 1],
      [5, 6],
    ])
  })

  test('promotes like PyTorch', () => {
    const c = array([true, false])
    expect(where(c, array([1, 2], { dtype: 'int64' }), 2.5).dtype).toBe('float32')
    expect(where(c, zeros([2]), zeros([2], { dtype: 'float64' })).dtype).toBe('float64')
  })

  test('requires a bool condition', () => {
    expect(() => where(zeros([2]), 1, 0)).toThrow(
      'where expected condition to be a boolean tensor, but got a tensor with dtype Float',
    )
  })
})

describe('few-element float32 arithmetic (the short loops for up to 16 elements)', () => {
  const ops = { add, sub, mul, div } as const
  const exact: Record<keyof typeof ops, (x: number, y: number) => number> = {
    add: (x, y) => Math.fround(x + y),
    sub: (x, y) => Math.fround(x - y),
    mul: (x, y) => Math.fround(x * y),
    div: (x, y) => Math.fround(x / y),
  }
  const values = fc.float32Array({ minLength: 0, maxLength: 20 })
  // the same array forced through the backend's strided path: every other element of a twice-as-long storage
  const strided = (v: Float32Array) => {
    const wide = new Float32Array(2 * v.length)
    for (let i = 0; i < v.length; i++) wide[2 * i] = v[i]!
    return new NDArray(wide, [v.length], 'float32', [2], 0)
  }

  test.prop([values, fc.float(), fc.constantFrom('add', 'sub', 'mul', 'div'), fc.nat(3)], { numRuns: 300 })(
    'equal the correctly rounded float32 result and the backend, for every operand form',
    (v, s, op, at) => {
      const f = ops[op as keyof typeof ops]
      const ref = exact[op as keyof typeof exact]
      const n = v.length
      // a tensor at an offset in a larger storage (a select()ed row), so offsets are taken too
      const storage = new Float32Array(n + at)
      storage.set(v, at)
      const a = new NDArray(storage, [n], 'float32', [1], at)
      const same = array(Array.from(v, (x) => Math.fround(x * 0.5 + s)), { dtype: 'float32' })
      const cases: [NDArray | number, NDArray | number, (i: number) => number][] = [
        [a, s, (i) => ref(v[i]!, Math.fround(s))],
        [s, a, (i) => ref(Math.fround(s), v[i]!)],
        [a, scalar(s, 'float32'), (i) => ref(v[i]!, Math.fround(s))],
        [scalar(s, 'float32'), a, (i) => ref(Math.fround(s), v[i]!)],
        [a, same, (i) => ref(v[i]!, same.data[i]!)],
        [same, a, (i) => ref(same.data[i]!, v[i]!)],
        [a, expand(scalar(s, 'float32'), [n]), (i) => ref(v[i]!, Math.fround(s))],
        [expand(scalar(s, 'float32'), [n]), a, (i) => ref(Math.fround(s), v[i]!)],
      ]
      for (const [x, y, expected] of cases) {
        const out = f(x, y)
        expect(out.shape).toEqual([n])
        expect(out.dtype).toBe('float32')
        const got = toTypedArray(out) as Float32Array
        for (let i = 0; i < n; i++) expect(Object.is(got[i], expected(i)) || (Number.isNaN(got[i]) && Number.isNaN(expected(i)))).toBe(true)
      }
      // the backend's strided loops give the same bits
      expect(toTypedArray(f(a, same))).toEqual(toTypedArray(f(strided(v), same)))
      expect(toTypedArray(f(a, s))).toEqual(toTypedArray(f(strided(v), s)))
    },
  )

  test('one-element operands of shapes [] and [1] broadcast to the longer shape', () => {
    const one = array([3], { dtype: 'float32' })
    const row = select(array([1, 2], { dtype: 'float32' }), 0, 1) // 0-d view at offset 1
    expect(mul(one, row).shape).toEqual([1])
    expect(tolist(mul(one, row))).toEqual([6])
    expect(mul(row, one).shape).toEqual([1])
    expect(tolist(sub(row, one))).toEqual([-1])
    expect(sub(row, scalar(5, 'float32')).shape).toEqual([])
  })
})

describe('mulSign (abs backward: grad times sign(x))', () => {
  const same = (got: NDArray, want: NDArray) => {
    expect(got.shape).toEqual(want.shape)
    expect(got.dtype).toBe(want.dtype)
    const g = toTypedArray(got)
    const w = toTypedArray(want)
    expect(g.length).toBe(w.length)
    for (let i = 0; i < g.length; i++) expect(Object.is(g[i], w[i]) || (Number.isNaN(g[i]) && Number.isNaN(w[i]))).toBe(true)
  }

  test.prop([fc.float32Array({ minLength: 0, maxLength: 20 }), fc.float(), fc.nat(3), fc.boolean()], { numRuns: 300 })(
    'equals mul(grad, sign(x)) bit for bit: offsets, expanded and strided grads, 0-d, float64, broadcasting',
    (v, s, at, double) => {
      const n = v.length
      const dtype = double ? 'float64' : 'float32'
      const storage = new Float32Array(n + at)
      storage.set(v, at)
      // x at an offset in a larger storage (a select()ed row); with some of its values' signs reused as grads
      const x = double ? array(Array.from(v), { dtype }) : new NDArray(storage, [n], 'float32', [1], at)
      const g = array(Array.from(v, (t, i) => (i % 2 === 0 ? t : s)), { dtype })
      const wide = new Float32Array(2 * n)
      for (let i = 0; i < n; i++) wide[2 * i] = g.data[i]!
      const gStrided = double ? g : new NDArray(wide, [n], 'float32', [2], 0)
      const grads = [g, expand(scalar(s, dtype), [n]), gStrided, scalar(s, dtype)]
      for (const grad of grads) same(mulSign(grad, x), mul(grad, sign(x)))
      if (n > 0) {
        // a 0-d x at an offset (select), with a 0-d and a [1] grad
        const x0 = select(x, 0, n - 1)
        for (const grad of [scalar(s, dtype), array([s], { dtype })]) {
          same(mulSign(grad, x0), mul(grad, sign(x0)))
          same(mulSign(x0, grad), mul(x0, sign(grad)))
        }
      }
    },
  )

  test('signs of -0, 0 and NaN are 0; products keep the grad\'s sign', () => {
    const x = array([-3, -0, 0, Number.NaN, 2], { dtype: 'float32' })
    const got = mulSign(array([2, -1, 1, 5, -4], { dtype: 'float32' }), x)
    expect(tolist(got)).toEqual([-2, -0, 0, 0, -4])
    expect(Object.is(got.data[1], -0)).toBe(true)
  })
})
