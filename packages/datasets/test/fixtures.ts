// Reads the oracle's committed JSON fixtures (tools/oracle/datasets_*.py), turning its NaN/Infinity strings back.
import { readFileSync } from 'node:fs'

export function loadFixture<T>(name: string): T {
  const text = readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8')
  const revive = (_: string, v: unknown) =>
    v === 'NaN' ? Number.NaN : v === 'Infinity' ? Number.POSITIVE_INFINITY : v === '-Infinity' ? Number.NEGATIVE_INFINITY : v
  return (JSON.parse(text, revive) as { cases: T }).cases
}
