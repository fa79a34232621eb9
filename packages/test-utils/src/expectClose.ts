import { NDArray, tolist } from '@descent/tensor'
import { expect } from 'vitest'
import { reviveNumbers } from './fixtures.js'

export interface CloseOptions {
  /** Relative tolerance (default 0 when ulp is given, else 1e-5 as torch.allclose). */
  rtol?: number
  /** Absolute tolerance (default 0 when ulp is given, else 1e-8 as torch.allclose). */
  atol?: number
  /** Allowed distance in units in the last place, of float32 (default) or of `ulpDtype`. */
  ulp?: number
  ulpDtype?: 'float32' | 'float64'
  /** Treat NaN as equal to NaN (default true). */
  equalNan?: boolean
}

type Values = NDArray | number | boolean | readonly Values[] | string

const f32 = new Float32Array(1)
const u32 = new Int32Array(f32.buffer)
const f64 = new Float64Array(1)
const u64 = new BigInt64Array(f64.buffer)

// Maps floats to integers that are consecutive for consecutive floats, so ulp distance is a subtraction.
function ordered32(x: number): number {
  f32[0] = x
  const i = u32[0]!
  return i < 0 ? -2147483648 - i : i
}
function ordered64(x: number): bigint {
  f64[0] = x
  const i = u64[0]!
  return i < 0n ? -9223372036854775808n - i : i
}

/** The number of representable floats between a and b (float32 by default). */
export function ulpDistance(a: number, b: number, dtype: 'float32' | 'float64' = 'float32'): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.NaN
  if (dtype === 'float32') return Math.abs(ordered32(a) - ordered32(b))
  const d = ordered64(a) - ordered64(b)
  return Number(d < 0n ? -d : d)
}

function flatten(v: Values): { shape: number[]; values: number[] } {
  const plain = reviveNumbers(v instanceof NDArray ? tolist(v) : v) as unknown
  const shape: number[] = []
  let probe = plain
  while (Array.isArray(probe)) {
    shape.push(probe.length)
    probe = probe[0]
  }
  const values: number[] = []
  const walk = (x: unknown) => {
    if (Array.isArray(x)) x.forEach(walk)
    else values.push(typeof x === 'boolean' ? Number(x) : (x as number))
  }
  walk(plain)
  return { shape, values }
}

/**
 * Asserts that `actual` and `expected` (NDArrays, numbers or nested arrays; 'NaN'/'Infinity' strings allowed, as in
 * fixtures) have the same shape and elementwise |a - e| <= atol + rtol * |e|, or are within `ulp` units in the
 * last place. The failure message names the first element that differs.
 */
export function expectClose(actual: Values, expected: Values, options: CloseOptions = {}): void {
  const a = flatten(actual)
  const e = flatten(expected)
  expect(a.shape, 'shape').toEqual(e.shape)
  const useUlp = options.ulp !== undefined
  const rtol = options.rtol ?? (useUlp ? 0 : 1e-5)
  const atol = options.atol ?? (useUlp ? 0 : 1e-8)
  const equalNan = options.equalNan ?? true
  for (let i = 0; i < e.values.length; i++) {
    const x = a.values[i]!
    const y = e.values[i]!
    if (Number.isNaN(x) || Number.isNaN(y)) {
      if (equalNan && Number.isNaN(x) && Number.isNaN(y)) continue
      expect.fail(`element ${i}: got ${x}, expected ${y}`)
    }
    if (x === y) continue
    if (useUlp && ulpDistance(x, y, options.ulpDtype) <= options.ulp!) continue
    if (Number.isFinite(x) && Number.isFinite(y) && Math.abs(x - y) <= atol + rtol * Math.abs(y)) continue
    expect.fail(
      `element ${i}: got ${x}, expected ${y} (diff ${x - y}${useUlp ? `, ${ulpDistance(x, y, options.ulpDtype)} ulp` : ''})`,
    )
  }
}
