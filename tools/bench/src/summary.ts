import type { Result } from './result.js'

/** Every value one peer measured under one result name, over the repeats of `--repeat N`. */
export interface Summary {
  peer: string
  workload: string
  unit: string
  /** The values in the order the processes ran. */
  values: number[]
  median: number
  min: number
  max: number
  /** The distinct checks in the order they came: more than one means the repeats did not do the same work. */
  checks: number[]
}

/** The median: the middle value, or the mean of the two middle values when there is an even number of them. */
export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** Groups results by (peer, result name), in the order each pair first appears, with median, min, max and checks. */
export function summarise(results: Result[]): Summary[] {
  const byPair = new Map<string, Summary>()
  for (const r of results) {
    const key = JSON.stringify([r.peer, r.workload])
    let s = byPair.get(key)
    if (!s) {
      s = { peer: r.peer, workload: r.workload, unit: r.unit, values: [], median: 0, min: 0, max: 0, checks: [] }
      byPair.set(key, s)
    }
    s.values.push(r.value)
    if (!s.checks.includes(r.check)) s.checks.push(r.check)
  }
  for (const s of byPair.values()) {
    s.median = median(s.values)
    s.min = Math.min(...s.values)
    s.max = Math.max(...s.values)
  }
  return [...byPair.values()]
}
