import { type Summary, summarise } from './summary.js'
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

/** Whether a value meets the workload's target (which it must have). */
const meets = (workload: Workload, v: number): boolean =>
  workload.better === 'lower' ? v <= workload.target! : v >= workload.target!

const formatBound = (workload: Workload): string => `${workload.better === 'lower' ? '≤' : '≥'} ${workload.target}`

/** Formats a target cell: the bound and whether descent's value (the median over repeats) meets it. */
function formatTarget(workload: Workload | undefined, descent: number | undefined): string {
  if (workload?.target === undefined) return ''
  const bound = formatBound(workload)
  if (descent === undefined) return bound
  return `${bound} ${meets(workload, descent) ? '✓' : '✗'}`
}

/**
 * Formats one peer's value: a single process's value as it is; over repeats, the median with the spread and, when
 * a target is given (descent's rows), how many processes met it: `1.630 (1.330–2.940; 8/10 ≤ 2)`.
 */
export function formatSummary(s: Summary, target?: Workload): string {
  if (s.values.length === 1) return formatValue(s.values[0])
  const spread = `${formatValue(s.min)}–${formatValue(s.max)}`
  if (target?.target === undefined) return `${formatValue(s.median)} (${spread})`
  const met = s.values.filter((v) => meets(target, v)).length
  return `${formatValue(s.median)} (${spread}; ${met}/${s.values.length} ${formatBound(target)})`
}

/** A check as the tables print it: seven significant digits. */
const formatCheck = (c: number): string => String(Number(c.toPrecision(7)))

/**
 * The distinct checks of one peer's repeats: one value as before; a few side by side (`2 ≠ 1.999999`), with every
 * digit when seven would make two look alike; many as their count and range.
 */
export function formatCheckList(checks: number[]): string {
  if (checks.length > 3) {
    return `${checks.length} values, ${formatCheck(Math.min(...checks))} to ${formatCheck(Math.max(...checks))}`
  }
  const short = checks.map(formatCheck)
  const texts = new Set(short).size === short.length ? short : checks.map(String)
  return texts.join(' ≠ ')
}

/**
 * A Markdown table: one row per result name, each peer's value and descent/peer ratio side by side.
 *
 * With several processes per (peer, result name), each cell is the median with its spread, and the ratios and the
 * target use the medians. A peer whose checks differ between its processes gets a note row under the result's row.
 */
export function formatTable(results: Result[], peers: string[]): string {
  const rows: string[] = []
  const summaries = summarise(results)
  const names: string[] = []
  for (const s of summaries) if (!names.includes(s.workload)) names.push(s.workload)
  const others = peers.filter((p) => p !== 'descent')
  const header = ['workload', 'unit', 'target', 'descent', ...others.flatMap((p) => [p, `descent/${p}`])]
  rows.push(`| ${header.join(' | ')} |`)
  rows.push(`| ${header.map(() => '---').join(' | ')} |`)
  for (const name of names) {
    const workload = findWorkload(name)
    const of = (peer: string) => summaries.find((s) => s.workload === name && s.peer === peer)
    const mine = of('descent')
    const unit = (mine ?? summaries.find((s) => s.workload === name))?.unit ?? ''
    const cells = [name, unit, formatTarget(workload, mine?.median), mine ? formatSummary(mine, workload) : '—']
    for (const p of others) {
      const theirs = of(p)
      cells.push(theirs ? formatSummary(theirs) : '—')
      cells.push(mine && theirs ? formatRatio(mine.median, theirs.median, workload) : '—')
    }
    rows.push(`| ${cells.join(' | ')} |`)
    // Repeats of one peer must do the same work; when they did not, the reader has to see it here.
    const differ = (s: Summary | undefined) => (s && s.checks.length > 1 ? formatCheckList(s.checks) : '')
    const noted = [differ(mine), ...others.flatMap((p) => [differ(of(p)), ''])]
    if (noted.some(Boolean)) rows.push(`| ${[`${name}: checks differ between repeats`, '', '', ...noted].join(' | ')} |`)
  }
  return rows.join('\n')
}

/** A second table of the checks, so a reader sees that every peer did the same work (and when repeats did not). */
export function formatChecks(results: Result[], peers: string[]): string {
  const summaries = summarise(results)
  const names: string[] = []
  for (const s of summaries) if (!names.includes(s.workload)) names.push(s.workload)
  const rows = [`| workload | ${peers.join(' | ')} |`, `| --- | ${peers.map(() => '---').join(' | ')} |`]
  for (const name of names) {
    const cells = peers.map((p) => {
      const s = summaries.find((x) => x.workload === name && x.peer === p)
      return s ? formatCheckList(s.checks) : '—'
    })
    rows.push(`| ${name} | ${cells.join(' | ')} |`)
  }
  return rows.join('\n')
}
