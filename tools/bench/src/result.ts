import { type Workload, findWorkload } from './workloads.js'

/** One measurement, printed as one JSON line: `{"peer","workload","value","unit","check"}`. */
export interface Result {
  peer: string
  workload: string
  value: number
  unit: string
  /** A number that shows the work was done (final w, x.grad, a loss, a sum of the output). */
  check: number
}

const keys = ['peer', 'workload', 'value', 'unit', 'check'] as const

/** Serialises a result as its JSON line, keys in the documented order. */
export function formatResultLine(r: Result): string {
  return JSON.stringify({ peer: r.peer, workload: r.workload, value: r.value, unit: r.unit, check: r.check })
}

/** Parses one result line, or returns null when the line is not a result (peers also print notes). */
export function parseResultLine(line: string): Result | null {
  const text = line.trim()
  if (!text.startsWith('{')) return null
  let obj: unknown
  try {
    obj = JSON.parse(text)
  } catch {
    return null
  }
  if (typeof obj !== 'object' || obj === null) return null
  const o = obj as Record<string, unknown>
  if (!keys.every((k) => k in o)) return null
  if (typeof o.peer !== 'string' || typeof o.workload !== 'string' || typeof o.unit !== 'string') return null
  if (typeof o.value !== 'number' || typeof o.check !== 'number') return null
  return { peer: o.peer, workload: o.workload, value: o.value, unit: o.unit, check: o.check }
}

/** Formats a measured number with about four significant digits. */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v)
  const a = Math.abs(v)
  if (a === 0) return '0'
  if (a >= 1000) return v.toFixed(0)
  if (a >= 100) return v.toFixed(1)
  if (a >= 10) return v.toFixed(2)
  if (a >= 0.01) return v.toFixed(3)
  return v.toPrecision(2)
}

/**
 * The descent/peer ratio of two values, with how many times better descent is.
 *
 * Time and memory are better lower, GFLOP/s higher; values at or below zero, or below the workload's noise floor
 * (a memory growth under 1 MB), have no meaningful ratio.
 */
export function formatRatio(descent: number, peer: number, workload: Workload | undefined): string {
  const floor = workload?.noiseFloor ?? 0
  if (!(peer > floor) || !(descent > floor)) return '—'
  const ratio = descent / peer
  const speedup = workload?.better === 'higher' ? ratio : 1 / ratio
  const how = speedup >= 1 ? `${formatFactor(speedup)}× better` : `${formatFactor(1 / speedup)}× worse`
  return `${formatValue(ratio)} (${how})`
}

const formatFactor = (f: number): string => (f >= 10 ? f.toFixed(0) : f.toFixed(1))

/** Formats a target cell: the bound and whether descent's value meets it. */
function formatTarget(workload: Workload | undefined, descent: number | undefined): string {
  if (workload?.target === undefined) return ''
  const bound = `${workload.better === 'lower' ? '≤' : '≥'} ${workload.target}`
  if (descent === undefined) return bound
  const met = workload.better === 'lower' ? descent <= workload.target : descent >= workload.target
  return `${bound} ${met ? '✓' : '✗'}`
}

/** A Markdown table: one row per result name, each peer's value and descent/peer ratio side by side. */
export function formatTable(results: Result[], peers: string[]): string {
  const rows: string[] = []
  const names: string[] = []
  for (const r of results) if (!names.includes(r.workload)) names.push(r.workload)
  const others = peers.filter((p) => p !== 'descent')
  const header = ['workload', 'unit', 'target', 'descent', ...others.flatMap((p) => [p, `descent/${p}`])]
  rows.push(`| ${header.join(' | ')} |`)
  rows.push(`| ${header.map(() => '---').join(' | ')} |`)
  for (const name of names) {
    const workload = findWorkload(name)
    const of = (peer: string) => results.find((r) => r.workload === name && r.peer === peer)
    const mine = of('descent')
    const unit = (mine ?? results.find((r) => r.workload === name))?.unit ?? ''
    const cells = [name, unit, formatTarget(workload, mine?.value), mine ? formatValue(mine.value) : '—']
    for (const p of others) {
      const theirs = of(p)
      cells.push(theirs ? formatValue(theirs.value) : '—')
      cells.push(mine && theirs ? formatRatio(mine.value, theirs.value, workload) : '—')
    }
    rows.push(`| ${cells.join(' | ')} |`)
  }
  return rows.join('\n')
}

/** A second table of the checks, so a reader sees that every peer did the same work. */
export function formatChecks(results: Result[], peers: string[]): string {
  const names: string[] = []
  for (const r of results) if (!names.includes(r.workload)) names.push(r.workload)
  const rows = [`| workload | ${peers.join(' | ')} |`, `| --- | ${peers.map(() => '---').join(' | ')} |`]
  for (const name of names) {
    const cells = peers.map((p) => {
      const r = results.find((x) => x.workload === name && x.peer === p)
      return r ? String(Number(r.check.toPrecision(7))) : '—'
    })
    rows.push(`| ${name} | ${cells.join(' | ')} |`)
  }
  return rows.join('\n')
}
