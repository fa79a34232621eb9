/**
 * `pnpm bench [--json] [--filter a,b] [--peers [p,q]] [--quick] [--repeat N]`: descent's workloads, side by side
 * with peers.
 *
 * Every (peer, workload) pair runs in its own process, one after another, so that no peer warms up or leaks into
 * another's numbers and the memory workload starts from a clean heap; with `--repeat N`, in N such processes. The
 * children print result lines; this process collects them and prints them (`--json`) or a Markdown table with
 * descent/peer ratios (of the medians, over repeats).
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { cpus, loadavg } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildPeer } from './build.js'
import { type Result, formatChecks, formatResultLine, formatTable, parseResultLine } from './result.js'
import { type Clock, type Job, workloads } from './workloads.js'

const here = dirname(fileURLToPath(import.meta.url))
const benchRoot = dirname(here)
const python = process.env.BENCH_PYTHON ?? '/usr/bin/python3'

const allPeers = ['descent', 'pytorch', 'tfjs-cpu', 'tfjs-wasm'] as const
type Peer = (typeof allPeers)[number]

const usage = `usage: pnpm bench [--json] [--filter a,b] [--peers [${allPeers.slice(1).join(',')}]] [--quick] [--repeat N]
  --json      print one JSON result line per measurement instead of the table
  --filter    run only these workloads (${workloads.map((w) => w.name).join(', ')})
  --peers     also run PyTorch and TensorFlow.js (all of them, or the ones listed)
  --quick     tiny parameters: a smoke run that checks the plumbing, not a measurement
  --clock     wall (the default) or cpu: time with the process's CPU time, which other processes on a loaded
              machine do not inflate as they do wall time
  --repeat    run each (peer, workload) in N fresh processes (default 1); the table shows the median of the N
              values, their spread and, for descent, how many met the target
  --profile   write a V8 CPU profile of each Node peer process into this directory (summarise one with
              tsx src/profile.ts <file>); profiled numbers are slower than unprofiled ones`

interface Options {
  json: boolean
  quick: boolean
  filter: string[] | null
  peers: Peer[]
  profile: string | null
  clock: Clock
  repeat: number
}

function parseArgs(argv: string[]): Options {
  const o: Options = { json: false, quick: false, filter: null, peers: ['descent'], profile: null, clock: 'wall', repeat: 1 }
  const list = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean)
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--') continue
    if (a === '--json') o.json = true
    else if (a === '--quick') o.quick = true
    else if (a === '--filter' || a.startsWith('--filter=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i]
      if (!v) fail('--filter needs a list of workloads')
      o.filter = list(v)
    } else if (a === '--peers' || a.startsWith('--peers=')) {
      let v: string | undefined
      if (a.includes('=')) v = a.slice(a.indexOf('=') + 1)
      else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) v = argv[++i]
      const chosen = v ? list(v) : allPeers.slice(1)
      for (const p of chosen) if (!allPeers.includes(p as Peer)) fail(`unknown peer ${p}`)
      o.peers = ['descent', ...allPeers.filter((p) => p !== 'descent' && chosen.includes(p))]
    } else if (a === '--clock' || a.startsWith('--clock=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i]
      if (v !== 'wall' && v !== 'cpu') fail('--clock is wall or cpu')
      o.clock = v
    } else if (a === '--repeat' || a.startsWith('--repeat=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i]
      const n = v !== undefined && /^[0-9]+$/.test(v) ? Number(v) : Number.NaN
      if (!Number.isSafeInteger(n) || n < 1) fail('--repeat is a whole number of runs, 1 or more')
      o.repeat = n
    } else if (a === '--profile' || a.startsWith('--profile=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i]
      if (!v) fail('--profile needs a directory')
      o.profile = resolve(v)
    } else if (a === '--help' || a === '-h') {
      process.stdout.write(`${usage}\n`)
      process.exit(0)
    } else fail(`unknown argument ${a}`)
  }
  if (o.filter) {
    for (const f of o.filter) if (!workloads.some((w) => w.name === f)) fail(`unknown workload ${f}`)
  }
  return o
}

function fail(message: string): never {
  process.stderr.write(`bench: ${message}\n${usage}\n`)
  process.exit(2)
}

const require = createRequire(import.meta.url)
/** Peer file -> its compiled bundle (see build.ts: why the peers do not run under tsx). */
const bundles = new Map<string, string>()

/** The command that runs one job on one peer; `run` (1, 2, ...) numbers the profiles of repeated runs. */
function command(peer: Peer, job: Job, profile: string | null, run: number | null): [string, string[]] {
  const arg = JSON.stringify(job)
  const name = `${peer}-${job.workload}${run === null ? '' : `-${run}`}.cpuprofile`
  const prof = profile ? ['--cpu-prof', '--cpu-prof-interval=100', `--cpu-prof-dir=${profile}`, `--cpu-prof-name=${name}`] : []
  // --expose-gc for the memory workload.
  const node = (file: string, ...rest: string[]): [string, string[]] => [
    process.execPath,
    ['--expose-gc', ...prof, bundles.get(file)!, arg, ...rest],
  ]
  switch (peer) {
    case 'descent':
      return node('descent.ts')
    case 'tfjs-cpu':
      return node('tfjs.ts', 'cpu')
    case 'tfjs-wasm':
      return node('tfjs.ts', 'wasm')
    case 'pytorch':
      return [python, [join(here, 'peers', 'pytorch.py'), arg]]
  }
}

const peerFile = (peer: Peer): string => (peer === 'descent' ? 'descent.ts' : 'tfjs.ts')

/** Why a peer cannot run on this machine, or null when it can. */
function unavailable(peer: Peer): string | null {
  if (peer === 'pytorch') {
    const probe = spawnSync(python, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' })
    if (probe.status !== 0) return `pytorch: skipped, torch is not installed for ${python}`
    versions.pytorch = probe.stdout.trim()
    return null
  }
  if (peer.startsWith('tfjs')) {
    try {
      const pkg = require.resolve(peer === 'tfjs-wasm' ? '@tensorflow/tfjs-backend-wasm' : '@tensorflow/tfjs')
      if (!existsSync(pkg)) throw new Error(pkg)
      versions.tfjs = (require('@tensorflow/tfjs/package.json') as { version: string }).version
    } catch {
      return `${peer}: skipped, @tensorflow/tfjs${peer === 'tfjs-wasm' ? '-backend-wasm' : ''} is not installed`
    }
  }
  return null
}

const versions: Record<string, string> = {}

/** Runs one job in a child process; calls `onResult` for each result line it prints. */
function runJob(peer: Peer, job: Job, profile: string | null, run: number | null, onResult: (r: Result) => void): Promise<string | null> {
  const [cmd, args] = command(peer, job, profile, run)
  return new Promise((resolve) => {
    // torch.set_num_threads(1) covers PyTorch's own pool; the BLAS it calls may keep a pool of its own.
    const oneThread = { OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' }
    const env = peer === 'pytorch' ? { ...process.env, ...oneThread } : process.env
    const child = spawn(cmd, args, { cwd: benchRoot, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let buffered = ''
    let errTail = ''
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk
      let nl = buffered.indexOf('\n')
      while (nl >= 0) {
        const line = buffered.slice(0, nl)
        buffered = buffered.slice(nl + 1)
        const r = parseResultLine(line)
        if (r) onResult(r)
        else if (line.trim()) process.stderr.write(`  [${peer}] ${line}\n`)
        nl = buffered.indexOf('\n')
      }
    })
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (chunk: string) => {
      errTail = (errTail + chunk).slice(-2000)
      process.stderr.write(chunk)
    })
    child.on('close', (code) => {
      const r = parseResultLine(buffered)
      if (r) onResult(r)
      const lines = errTail.trim().split('\n').filter(Boolean)
      const last = lines.findLast((l) => /Error/.test(l)) ?? lines.at(-1) ?? ''
      resolve(code === 0 ? null : `${peer} ${job.workload}${run === null ? '' : ` (run ${run})`}: failed (exit ${code}) ${last}`)
    })
  })
}

async function main() {
  const o = parseArgs(process.argv.slice(2))
  const loadBefore = loadavg()[0]
  const notes: string[] = []
  const peers = o.peers.filter((p) => {
    const why = unavailable(p)
    if (why) {
      notes.push(why)
      process.stderr.write(`${why}\n`)
    }
    return !why
  })
  for (const file of new Set(peers.filter((p) => p !== 'pytorch').map(peerFile))) {
    bundles.set(file, await buildPeer(file))
  }
  const chosen = workloads.filter((w) => !o.filter || o.filter.includes(w.name))
  const results: Result[] = []
  for (const w of chosen) {
    // Repetition by repetition, every peer in turn: a slow drift of the machine hits all peers alike.
    for (let rep = 1; rep <= o.repeat; rep++) {
      const run = o.repeat > 1 ? rep : null
      for (const peer of peers) {
        if (!o.json) process.stderr.write(`${w.name} on ${peer}${run === null ? '' : ` (run ${run} of ${o.repeat})`}...\n`)
        const job: Job = { workload: w.name, params: o.quick ? w.quick : w.params, clock: o.clock }
        const note = await runJob(peer, job, o.profile, run, (r) => {
          results.push(r)
          if (o.json) process.stdout.write(`${formatResultLine(r)}\n`)
          else process.stderr.write(`  ${r.workload}: ${r.value} ${r.unit} (check ${r.check})\n`)
        })
        if (note) notes.push(note)
      }
    }
  }
  // Other processes on the machine skew every number; the load average says how much was going on.
  const load = `load average ${loadBefore.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after`
  if (o.json) {
    process.stderr.write(`${load}\n`)
    for (const n of notes) process.stderr.write(`note: ${n}\n`)
  } else {
    const cpu = cpus()
    const machine = [
      `${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores (${load})`,
      o.clock === 'cpu' ? 'times are process CPU time' : 'times are wall time',
      o.repeat > 1 ? `${o.repeat} fresh processes per value (median, min–max)` : null,
      `Node ${process.version}`,
      versions.pytorch && peers.includes('pytorch') ? `PyTorch ${versions.pytorch} (1 thread)` : null,
      versions.tfjs && peers.some((p) => p.startsWith('tfjs')) ? `TensorFlow.js ${versions.tfjs}` : null,
      new Date().toISOString().slice(0, 10),
    ].filter(Boolean)
    const out = [
      `${machine.join('; ')}${o.quick ? ' (--quick: not a measurement)' : ''}`,
      '',
      formatTable(results, peers),
      '',
      'checks (final w, x.grad, loss, sum of the output):',
      '',
      formatChecks(results, peers),
      ...notes.map((n) => `\nnote: ${n}`),
    ]
    process.stdout.write(`${out.join('\n')}\n`)
  }
  if (notes.some((n) => n.includes('failed'))) process.exitCode = 1
}

await main()
