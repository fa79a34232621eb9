/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`, or `pnpm bench --profile dir`): where the time goes.
 *
 * `tsx src/profile.ts file.cpuprofile [top]` prints the functions with the most self time and the most total
 * (inclusive) time, each with its file relative to the repository, so a slow path names its package.
 */
import { existsSync, readFileSync } from 'node:fs'
import { SourceMap } from 'node:module'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

interface CallFrame {
  functionName: string
  url: string
  lineNumber: number
  columnNumber?: number
}
interface ProfileNode {
  id: number
  callFrame: CallFrame
  children?: number[]
}
interface CpuProfile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

/** One function's share of a profile, in milliseconds. */
export interface FunctionTime {
  name: string
  self: number
  total: number
}

const sourceMaps = new Map<string, SourceMap | null>()

/** The source map beside a bundle (`out/descent.mjs.map`), if there is one. */
function sourceMapOf(path: string): SourceMap | null {
  if (!sourceMaps.has(path)) {
    const file = `${path}.map`
    sourceMaps.set(path, existsSync(file) ? new SourceMap(JSON.parse(readFileSync(file, 'utf8'))) : null)
  }
  return sourceMaps.get(path)!
}

/** A frame's function and its place in the original sources, through the bundle's source map. */
const frameName = (f: CallFrame): string => {
  let where = f.url
  let line = f.lineNumber
  if (where.startsWith('file://')) where = fileURLToPath(where)
  const map = where.endsWith('.mjs') ? sourceMapOf(where) : null
  const entry = map?.findEntry(f.lineNumber, f.columnNumber ?? 0) as { originalSource?: string; originalLine?: number }
  if (entry?.originalSource) {
    const source = entry.originalSource
    where = source.startsWith('file://') ? fileURLToPath(source) : resolve(dirname(where), source)
    line = entry.originalLine ?? line
  }
  const pkg = where.lastIndexOf('/packages/')
  const tools = where.lastIndexOf('/tools/')
  if (pkg >= 0) where = where.slice(pkg + 1)
  else if (tools >= 0) where = where.slice(tools + 1)
  else if (where.includes('node_modules')) where = where.slice(where.lastIndexOf('node_modules/') + 13)
  // tsx minifies whitespace, so line 1 of an unmapped TypeScript file says nothing: leave it out.
  const at = line > 0 ? `:${line + 1}` : ''
  return `${f.functionName || '(anonymous)'} ${where ? `${where}${at}` : ''}`.trim()
}

/** Self and total time per function (merged over every node of the same function), longest self time first. */
export function summarise(profile: CpuProfile): { functions: FunctionTime[]; totalMs: number } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const self = new Map<string, number>()
  const total = new Map<string, number>()
  let totalMs = 0
  profile.samples.forEach((id, i) => {
    // timeDeltas[i] is the time before sample i; attribute it to that sample's stack.
    const ms = (profile.timeDeltas[i] ?? 0) / 1000
    totalMs += ms
    const leaf = byId.get(id)
    if (!leaf) return
    const leafName = frameName(leaf.callFrame)
    self.set(leafName, (self.get(leafName) ?? 0) + ms)
    const seen = new Set<string>()
    for (let n: ProfileNode | undefined = leaf; n; n = byId.get(parent.get(n.id) ?? -1)) {
      const name = frameName(n.callFrame)
      if (seen.has(name)) continue // recursion counts once
      seen.add(name)
      total.set(name, (total.get(name) ?? 0) + ms)
    }
  })
  const functions = [...total.keys()].map((name) => ({ name, self: self.get(name) ?? 0, total: total.get(name)! }))
  functions.sort((a, b) => b.self - a.self)
  return { functions, totalMs }
}

/** Self time summed per package (`packages/tensor`), the garbage collector, and everything else. */
export function byPackage(functions: FunctionTime[]): [string, number][] {
  const sums = new Map<string, number>()
  for (const f of functions) {
    const m = /(?:^|\s)(packages\/[^/]+|tools\/[^/]+)\//.exec(f.name)
    const key = m ? m[1]! : f.name.startsWith('(garbage collector)') ? '(garbage collector)' : '(other: node, startup)'
    sums.set(key, (sums.get(key) ?? 0) + f.self)
  }
  return [...sums].sort((a, b) => b[1] - a[1])
}

/** The per-package split and the two top-N lists as text. */
export function formatSummary(s: { functions: FunctionTime[]; totalMs: number }, top = 25): string {
  const pct = (ms: number) => `${((100 * ms) / s.totalMs).toFixed(1).padStart(5)}%`
  const line = (f: FunctionTime, ms: number) => `${pct(ms)} ${ms.toFixed(0).padStart(7)} ms  ${f.name}`
  const bySelf = s.functions.slice(0, top).map((f) => line(f, f.self))
  const byTotal = [...s.functions]
    .sort((a, b) => b.total - a.total)
    .filter((f) => !/^\((root|program|idle|garbage collector)\)/.test(f.name))
    .slice(0, top)
    .map((f) => line(f, f.total))
  const packages = byPackage(s.functions).map(([name, ms]) => `${pct(ms)} ${ms.toFixed(0).padStart(7)} ms  ${name}`)
  return [
    `${s.totalMs.toFixed(0)} ms sampled`,
    '',
    'self time by package:',
    ...packages,
    '',
    'self time:',
    ...bySelf,
    '',
    'total time:',
    ...byTotal,
  ].join('\n')
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const file = process.argv[2]
  if (!file) {
    process.stderr.write('usage: tsx src/profile.ts file.cpuprofile [top]\n')
    process.exit(2)
  }
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile
  process.stdout.write(`${formatSummary(summarise(profile), Number(process.argv[3] ?? 25))}\n`)
}
