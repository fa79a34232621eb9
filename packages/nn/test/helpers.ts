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
