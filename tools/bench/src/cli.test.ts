import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'
import { elementwiseInputs, matmulInputs } from './peers/harness.js'
import { parseResultLine } from './result.js'
import { findWorkload, workloads } from './workloads.js'

const benchRoot = dirname(dirname(fileURLToPath(import.meta.url)))

/** Runs the CLI with `--quick` (tiny parameters, a smoke run) and returns its stdout lines. */
function cli(args: string[], env: Record<string, string> = {}) {
  const out = spawnSync(
    process.execPath,
    ['--conditions=@descent/source', '--import', 'tsx', join(benchRoot, 'src/cli.ts'), '--quick', ...args],
    { cwd: benchRoot, encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...env } },
  )
  return { status: out.status, stdout: out.stdout, stderr: out.stderr }
}

// The checks of the two workloads whose inputs are exact in float32, computed here independently.
function expectedChecks(): Map<string, number> {
  const quick = (name: string) => workloads.find((w) => w.name === name)!.quick
  const checks = new Map<string, number>()
  const [a, b, c] = elementwiseInputs(quick('elementwise').size as number)
  let s = 0
  for (let i = 0; i < a.length; i++) s += a[i] * b[i] + c[i]
  checks.set('elementwise', s)
  for (const n of quick('matmul').sizes as number[]) {
    const [x, y] = matmulInputs(n)
    let t = 0
    for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) t += x[i * n + k] * y[k * n + j]
    checks.set(`matmul-${n}`, t)
  }
  return checks
}

test('--json prints only result lines, and every peer did the same exact work', () => {
  const { status, stdout, stderr } = cli(['--json', '--filter', 'elementwise,matmul', '--peers', 'tfjs-cpu'])
  expect(status, stderr).toBe(0)
  const lines = stdout.trim().split('\n')
  const results = lines.map(parseResultLine)
  expect(results.every((r) => r !== null), stdout).toBe(true)
  const checks = expectedChecks()
  for (const peer of ['descent', 'tfjs-cpu']) {
    const mine = results.filter((r) => r!.peer === peer)
    expect(mine.map((r) => r!.workload).sort()).toEqual([...checks.keys()].sort())
    for (const r of mine) {
      expect(r!.check).toBe(checks.get(r!.workload))
      expect(r!.unit).toBe(findWorkload(r!.workload)!.unit)
      expect(r!.value).toBeGreaterThan(0)
    }
  }
})

test('unknown workloads, peers and clocks are refused with the usage', () => {
  const bad = cli(['--filter', 'nope'])
  expect(bad.status).toBe(2)
  expect(bad.stderr).toContain('bench: unknown workload nope')
  expect(cli(['--peers', 'jax']).stderr).toContain('bench: unknown peer jax')
  expect(cli(['--clock', 'tsc']).stderr).toContain('bench: --clock is wall or cpu')
  for (const n of [['--repeat', '0'], ['--repeat', '1.5'], ['--repeat=x'], ['--repeat', '-2'], ['--repeat']]) {
    const refused = cli(n)
    expect(refused.status).toBe(2)
    expect(refused.stderr).toContain('bench: --repeat is a whole number of runs, 1 or more')
  }
})

test('--repeat runs every pair in that many processes, peers in turn, and the table reports medians', () => {
  const json = cli(['--json', '--filter', 'scalar-graph,mlp', '--peers', 'tfjs-cpu', '--repeat', '2'])
  expect(json.status, json.stderr).toBe(0)
  const results = json.stdout.trim().split('\n').map(parseResultLine)
  expect(results.every((r) => r !== null), json.stdout).toBe(true)
  const order = results.map((r) => `${r!.workload} ${r!.peer}`)
  expect(order).toEqual([
    'scalar-graph descent',
    'scalar-graph tfjs-cpu',
    'scalar-graph descent',
    'scalar-graph tfjs-cpu',
    'mlp descent',
    'mlp tfjs-cpu',
    'mlp descent',
    'mlp tfjs-cpu',
  ])
  // Every peer is seeded: its repeats do the same work.
  for (const [a, b] of [[0, 2], [1, 3], [4, 6], [5, 7]]) expect(results[a]!.check).toBe(results[b]!.check)

  const table = cli(['--filter', 'scalar-graph', '--repeat=2'])
  expect(table.status, table.stderr).toBe(0)
  expect(table.stdout).toContain('; 2 fresh processes per value (median, min–max);')
  expect(table.stdout).toMatch(/^\| scalar-graph \| µs\/node \| ≤ 0\.3 [✓✗] \| [0-9.]+ \([0-9.]+–[0-9.]+; [0-2]\/2 ≤ 0\.3\) \|$/m)
  expect(table.stdout).not.toContain('checks differ')
})

test('a missing PyTorch is skipped with a note, and the table still prints', () => {
  const { status, stdout } = cli(['--filter', 'scalar-graph', '--peers', 'pytorch'], { BENCH_PYTHON: '/bin/false' })
  expect(status).toBe(0)
  expect(stdout).toContain('note: pytorch: skipped, torch is not installed for /bin/false')
  expect(stdout).toMatch(/^\| scalar-graph \| µs\/node \| ≤ 0\.3 [✓✗] \| [0-9.]+ \|$/m)
})
