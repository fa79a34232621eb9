import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** A fixture file as tools/oracle/fixture.py writes it. */
export interface Fixture<T> {
  generatedBy: string
  versions: Record<string, string>
  cases: T
}

/** Replaces the strings 'NaN', 'Infinity' and '-Infinity' (JSON has no such numbers) with the numbers. */
export function reviveNumbers<T>(x: T): T {
  if (x === 'NaN') return Number.NaN as T
  if (x === 'Infinity') return Number.POSITIVE_INFINITY as T
  if (x === '-Infinity') return Number.NEGATIVE_INFINITY as T
  if (Array.isArray(x)) return x.map(reviveNumbers) as T
  if (x !== null && typeof x === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(x)) out[k] = reviveNumbers(v)
    return out as T
  }
  return x
}

/**
 * Loads `test/fixtures/<name>.json` of the package containing the calling test file and returns its `cases`,
 * with NaN and infinities revived. Call as `loadFixture(import.meta.url, 'tensor_ops')`.
 */
// biome-ignore lint/suspicious/noExplicitAny: fixtures are untyped JSON that each test narrows
export function loadFixture<T = any>(importMetaUrl: string, name: string): T {
  let dir = dirname(fileURLToPath(importMetaUrl))
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir)
    if (up === dir) throw new Error(`loadFixture: no package.json above ${importMetaUrl}`)
    dir = up
  }
  const path = join(dir, 'test', 'fixtures', `${name}.json`)
  const fixture = JSON.parse(readFileSync(path, 'utf8')) as Fixture<T>
  return reviveNumbers(fixture.cases)
}
