import { fc, test } from '@fast-check/vitest'
import { expect } from 'vitest'
import { NDArray } from '../NDArray.js'
import { add, div, mul, sub } from '../ops/binary.js'
import { abs, cos, neg, relu, sign, sin, square } from '../ops/unary.js'
import { expand, narrow, scalar, toTypedArray } from '../index.js'

// The contiguous float32 loops must give what the strided loop gives: fround of the double result, element by
// element, for views with offsets, broadcast constants, numbers and 0-d operands alike.
const f = Math.fround
const ops = { add: [add, (x: number, y: number) => f(x + y)], sub: [sub, (x: number, y: number) => f(x - y)],
  mul: [mul, (x: number, y: number) => f(x * y)], div: [div, (x: number, y: number) => f(x / y)] } as const
const same = (a: number, b: number) => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b))
const arr = (xs: number[]) => new NDArray(Float32Array.from(xs), [xs.length], 'float32')
const opName = fc.constantFrom('add', 'sub', 'mul', 'div' as const)

test.prop([opName, fc.array(fc.float(), { minLength: 1, maxLength: 40 }), fc.nat(5)], { numRuns: 200 })(
  'tensor op tensor, including views at an offset',
  (name, xs, skip) => {
    const [op, ref] = ops[name]
    const ys = xs.map((x) => f(x * 0.5 + 1))
    const a = narrow(arr([...new Array(skip).fill(7), ...xs]), 0, skip, xs.length)
    const out = toTypedArray(op(a, arr(ys)))
    xs.forEach((x, i) => {
      expect(same(out[i]!, ref(f(x), ys[i]!))).toBe(true)
    })
  },
)

test.prop([opName, fc.array(fc.float(), { minLength: 1, maxLength: 40 }), fc.float()], { numRuns: 200 })(
  'a number, a 0-d tensor and an expanded 0-d tensor act alike on either side',
  (name, xs, s) => {
    const [op, ref] = ops[name]
    const a = arr(xs)
    const zero = scalar(s, 'float32')
    const wide = expand(zero, [xs.length])
    const results = [op(a, s), op(a, zero), op(a, wide)].map(toTypedArray)
    const flipped = [op(s, a), op(zero, a), op(wide, a)].map(toTypedArray)
    xs.forEach((x, i) => {
      for (const r of results) expect(same(r[i]!, ref(f(x), f(s)))).toBe(true)
      for (const r of flipped) expect(same(r[i]!, ref(f(s), f(x)))).toBe(true)
    })
  },
)

const unaries = { neg: [neg, (x: number) => -x], abs: [abs, Math.abs], square: [square, (x: number) => f(x * x)],
  sign: [sign, (x: number) => (x > 0 ? 1 : x < 0 ? -1 : 0)], relu: [relu, (x: number) => (x < 0 ? 0 : x)],
  sin: [sin, (x: number) => f(Math.sin(x))], cos: [cos, (x: number) => f(Math.cos(x))] } as const

test.prop([fc.constantFrom(...(Object.keys(unaries) as (keyof typeof unaries)[])), fc.array(fc.float(), { maxLength: 40 })], { numRuns: 200 })(
  'contiguous float32 unary loops round like the strided loop',
  (name, xs) => {
    const [op, ref] = unaries[name]
    const out = toTypedArray(op(arr(xs)))
    xs.forEach((x, i) => {
      expect(same(out[i]!, ref(f(x)))).toBe(true)
    })
  },
)
