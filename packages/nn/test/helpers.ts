// Test helpers: committed oracle fixtures and nested views of arrays.
import { readFileSync } from 'node:fs'
import type { NDArray } from '@descent/tensor'
import { contiguousValues } from '../src/io/bytes.js'

const revive = (_: string, v: unknown) =>
  v === 'NaN' ? Number.NaN : v === 'Infinity' ? Number.POSITIVE_INFINITY : v === '-Infinity' ? Number.NEGATIVE_INFINITY : v

/** The `cases` of packages/nn/test/fixtures/<name>.json, with NaN and infinities restored. */
// biome-ignore lint/suspicious/noExplicitAny: fixture JSON is checked by the tests that read it
export function fixture(name: string): any {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8'), revive).cases
}

/** The raw bytes of a binary fixture. */
export function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)))
}

/** An array's elements as nested JS arrays (a number for 0-d), booleans for bool. */
export function nested(a: NDArray): unknown {
  const flat = Array.from(contiguousValues(a), (v) => (a.dtype === 'bool' ? v !== 0 : v))
  if (a.ndim === 0) return flat[0]
  const build = (dim: number, start: number): unknown[] => {
    const n = a.shape[dim]!
    const step = a.shape.slice(dim + 1).reduce((x, y) => x * y, 1)
    return Array.from({ length: n }, (_, i) => (dim === a.ndim - 1 ? flat[start + i] : build(dim + 1, start + i * step)))
  }
  return build(0, 0)
}

const flatten = (v: unknown): number[] => (Array.isArray(v) ? v.flatMap(flatten) : [v as number])

/** Asserts two nested number arrays have the same shape and elementwise |a - b| <= atol + rtol·|b| (NaN equals NaN, zeros match in sign). */
export function expectCloseTo(actual: unknown, expected: unknown, { rtol = 1e-5, atol = 1e-7 } = {}): void {
  const a = flatten(actual)
  const b = flatten(expected)
  if (a.length !== b.length) throw new Error(`length ${a.length} differs from expected ${b.length}`)
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!
    const y = b[i]!
    // A zero must carry PyTorch's sign: the printer shows -0 as "-0.".
    if (y === 0 ? Object.is(x, y) : Number.isNaN(y) ? Number.isNaN(x) : x === y || Math.abs(x - y) <= atol + rtol * Math.abs(y)) continue
    throw new Error(`element ${i}: ${x} is not close to ${y} (rtol ${rtol}, atol ${atol})\nactual ${JSON.stringify(actual)}\nexpected ${JSON.stringify(expected)}`)
  }
}
