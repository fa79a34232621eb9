import { expect, test } from 'vitest'
import { loadFixture, reviveNumbers } from './fixtures.js'

test('reviveNumbers turns the JSON stand-ins back into numbers, deeply', () => {
  expect(reviveNumbers({ a: ['NaN', 'Infinity', '-Infinity', 1, 'x'] })).toEqual({
    a: [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1, 'x'],
  })
})

test('loadFixture finds the package root of the caller and reads test/fixtures', () => {
  // The tensor package's fixture, located from a URL inside that package.
  const url = new URL('../../tensor/src/index.ts', import.meta.url).href
  const cases = loadFixture<{ ops: unknown[] }>(url, 'tensor_ops')
  expect(cases.ops.length).toBeGreaterThan(100)
  expect(() => loadFixture(url, 'no_such_fixture')).toThrow()
})
