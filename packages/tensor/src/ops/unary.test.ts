import { arbArrayOfShape } from '@descent/test-utils'
import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { NDArray } from '../NDArray.js'
import { array, scalar } from '../creation.js'
import { abs, clamp, cos, exp, log, neg, reciprocal, relu, sigmoid, sign, sin, sqrt, square, tanh } from './unary.js'
import { tolist } from './read.js'
import { transpose } from '../views.js'

describe('edge values', () => {
  test('neg keeps -0 for floats and never makes -0 for int64', () => {
    expect(Object.is(neg(scalar(0)).data[0], -0)).toBe(true)
    expect(Object.is(neg(array([0], { dtype: 'int64' })).data[0], 0)).toBe(true)
  })

  test('relu passes NaN and -0 through', () => {
    const r = relu(array([-1, -0, 0, 2, Number.NaN]))
    expect(tolist(r)).toEqual([0, -0, 0, 2, Number.NaN])
    expect(Object.is(r.data[1], -0)).toBe(true)
  })

  test('sign of NaN and -0 is 0', () => {
    expect(tolist(sign(array([-3, -0, 0, 2, Number.NaN])))).toEqual([-1, 0, 0, 1, 0])
  })

  test('log, sqrt and reciprocal at the edges', () => {
    expect(tolist(log(array([0, -1, 1])))).toEqual([Number.NEGATIVE_INFINITY, Number.NaN, 0])
    expect(tolist(sqrt(array([-1, 4])))).toEqual([Number.NaN, 2])
    expect(tolist(reciprocal(array([0, -0, 2])))).toEqual([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0.5])
  })

  test('sigmoid saturates without NaN', () => {
    expect(tolist(sigmoid(array([Number.NEGATIVE_INFINITY, 0, Number.POSITIVE_INFINITY])))).toEqual([0, 0.5, 1])
    expect(tolist(tanh(array([-100, 0, 100])))).toEqual([-1, 0, 1])
  })
})

describe('dtypes', () => {
  test('floating ops of integers give float32', () => {
    const i = array([1, 4], { dtype: 'int64' })
    for (const f of [exp, log, sqrt, sin, cos, tanh, sigmoid, reciprocal]) expect(f(i).dtype).toBe('float32')
    expect(tolist(sqrt(i))).toEqual([1, 2])
  })

  test('neg, abs, square, relu, sign keep int64', () => {
    const i = array([-2, 3], { dtype: 'int64' })
    expect(tolist(abs(i))).toEqual([2, 3])
    expect(tolist(square(i))).toEqual([4, 9])
    expect(relu(i).dtype).toBe('int64')
    expect(tolist(sign(i))).toEqual([-1, 1])
  })

  test('bool inputs: PyTorch errors for neg, abs and relu; sign is identity; square is int64', () => {
    const b = array([true, false])
    expect(() => neg(b)).toThrow('Negation, the `-` operator, on a bool tensor is not supported.')
    expect(() => abs(b)).toThrow(`"abs_cpu" not implemented for 'Bool'`)
    expect(() => relu(b)).toThrow('Boolean inputs not supported for relu')
    expect(tolist(sign(b))).toEqual([true, false])
    expect(square(b).dtype).toBe('int64')
  })

  test('float64 stays float64', () => {
    expect(exp(array([1], { dtype: 'float64' })).data[0]).toBe(Math.E)
  })
})

describe('float32 rounding', () => {
  test.prop([arbArrayOfShape([8], { min: -50, max: 50 })])('sqrt, square and neg are correctly rounded', (a) => {
    const s = sqrt(abs(a))
    const q = square(a)
    for (let i = 0; i < 8; i++) {
      const x = a.data[i]!
      expect(s.data[i]).toBe(Math.fround(Math.sqrt(Math.abs(x))))
      expect(q.data[i]).toBe(Math.fround(x * x))
    }
  })

  test.prop([arbArrayOfShape([3, 4])])('unary ops read strided views', (a) => {
    const v = transpose(a, 0, 1)
    const e = exp(v)
    expect(e.shape).toEqual([4, 3])
    for (let i = 0; i < 4; i++) for (let j = 0; j < 3; j++) expect(e.data[i * 3 + j]).toBe(Math.fround(Math.exp(a.data[j * 4 + i]!)))
  })
})

describe('transcendentals', () => {
  const wide = arbArrayOfShape([40], { min: -80, max: 80 })
  const ulp32 = (x: number) => {
    const f = new Float32Array([Math.abs(x)])
    const i = new Int32Array(f.buffer)
    i[0] = i[0]! + 1
    return f[0]! - Math.abs(x)
  }
  test.prop([wide])('float32 exp (SLEEF lanes and scalar tail) is within 1 ulp of the correctly rounded value', (a) => {
    const e = exp(a)
    for (let i = 0; i < 40; i++) {
      const exact = Math.exp(a.data[i]!)
      expect(Math.abs(e.data[i]! - exact)).toBeLessThanOrEqual(ulp32(Math.fround(exact)) + Number.MIN_VALUE)
    }
  })

  test.prop([wide])('sin, cos, tanh and sigmoid are within 1 ulp of the correctly rounded value', (a) => {
    const pairs: [Float32Array | Float64Array | Uint8Array, (x: number) => number][] = [
      [sin(a).data, Math.sin],
      [cos(a).data, Math.cos],
      [tanh(a).data, Math.tanh],
      [sigmoid(a).data, (x) => 1 / (1 + Math.exp(-x))],
    ]
    for (const [got, f] of pairs) {
      for (let i = 0; i < 40; i++) {
        const exact = f(a.data[i]!)
        // sigmoid rounds three times in float32, so allow its error to reach 2 ulp.
        expect(Math.abs(got[i]! - exact)).toBeLessThanOrEqual(2 * ulp32(Math.fround(exact)) + Number.MIN_VALUE)
      }
    }
  })

  test('exp saturates like SLEEF: 0 below -104, inf above 100, NaN stays', () => {
    const x = new Float32Array(16).fill(-105)
    x[1] = 101
    x[2] = Number.NaN
    const e = exp(array(x))
    expect([e.data[0], e.data[1], e.data[2]]).toEqual([0, Number.POSITIVE_INFINITY, Number.NaN])
  })
})

describe('clamp', () => {
  test('clamps, keeps NaN, and max wins when min > max', () => {
    expect(tolist(clamp(array([-2, 0.5, 3, Number.NaN]), 0, 1))).toEqual([0, 0.5, 1, Number.NaN])
    expect(tolist(clamp(array([-2, 3]), undefined, 0))).toEqual([-2, 0])
    expect(tolist(clamp(array([-2, 3]), 1, 0))).toEqual([0, 0])
  })

  test('promotes int64 with a float bound', () => {
    const i = array([1, -2, 3], { dtype: 'int64' })
    expect(clamp(i, 0.5).dtype).toBe('float32')
    expect(clamp(i, 1).dtype).toBe('int64')
  })

  test('needs a bound', () => {
    expect(() => clamp(array([1]))).toThrow("torch.clamp: At least one of 'min' or 'max' must not be None")
  })

  test.prop([arbArrayOfShape([6]), fc.float({ min: -5, max: 0, noNaN: true }), fc.float({ min: 0, max: 5, noNaN: true })])(
    'results lie within the bounds',
    (a, lo, hi) => {
      for (const v of clamp(a, lo, hi).data) {
        expect(v).toBeGreaterThanOrEqual(Math.fround(lo))
        expect(v).toBeLessThanOrEqual(Math.fround(hi))
      }
    },
  )
})

describe('few-element float32 neg, abs, square and sign (the short loop for up to 16 elements)', () => {
  test.prop([fc.float32Array({ minLength: 0, maxLength: 20 }), fc.nat(3)], { numRuns: 200 })(
    'equal the backend on the same values read through a strided view, offsets included',
    (v, at) => {
      const storage = new Float32Array(v.length + at)
      storage.set(v, at)
      const a = new NDArray(storage, [v.length], 'float32', [1], at)
      const wide = new Float32Array(2 * v.length)
      for (let i = 0; i < v.length; i++) wide[2 * i] = v[i]!
      const strided = new NDArray(wide, [v.length], 'float32', [2], 0)
      for (const f of [neg, abs, square, sign]) {
        const got = Array.from(f(a).data)
        const want = Array.from(f(strided).data)
        expect(got.length).toBe(want.length)
        for (let i = 0; i < got.length; i++) expect(Object.is(got[i], want[i]) || (Number.isNaN(got[i]) && Number.isNaN(want[i]))).toBe(true)
      }
    },
  )
})
