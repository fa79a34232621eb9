import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import cliProgress from 'cli-progress'
import type { JsonValue, Part, PartResult, RunOptions } from './part.js'
import { PARTS } from './parts/index.js'
import { type Figure, toPng } from './plot/figure.js'
import { lossCurveFigure } from './plot/lossCurve.js'
import { type OutFile, OutputError, stageOutput } from './output.js'
import { partLog, reportHtml } from './report.js'

/** Where the command writes: stdout, stderr, and whether stdout is a terminal (for the progress bar). */
export interface Io {
  out: (text: string) => void
  err: (text: string) => void
  isTTY: boolean
  /** the directory relative `--out` paths start from */
  cwd: string
}

const USAGE = 'usage: replay --list | replay <id>... | all [--seed N] [--json] [--out DIR] [--epochs N] [--lr X]'

class UsageError extends Error {}

interface Command {
  help?: boolean
  list: boolean
  parts: Part[]
  options: Omit<RunOptions, 'onProgress'>
  json: boolean
  out: string
  all: boolean
}

function parseCommand(argv: string[], cwd: string): Command {
  let parsed: ReturnType<typeof parse>
  function parse() {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        list: { type: 'boolean' },
        seed: { type: 'string' },
        json: { type: 'boolean' },
        out: { type: 'string' },
        epochs: { type: 'string' },
        lr: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    })
  }
  try {
    parsed = parse()
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0])
  }
  const { values, positionals } = parsed
  if (values.help) return { help: true, list: false, parts: [], options: {}, json: false, out: '', all: false }
  const options: Command['options'] = {}
  if (values.seed !== undefined) {
    // np.random.seed takes 0 <= seed < 2**32; torch.manual_seed any int64 (descent keeps to what both take)
    if (!/^\d+$/.test(values.seed) || Number(values.seed) >= 2 ** 32)
      throw new UsageError(`--seed must be an integer from 0 to 2**32 - 1, got '${values.seed}'`)
    options.seed = Number(values.seed)
  }
  if (values.epochs !== undefined) {
    if (!/^\d+$/.test(values.epochs) || Number(values.epochs) < 1 || Number(values.epochs) > 100_000)
      throw new UsageError(`--epochs must be an integer from 1 to 100000, got '${values.epochs}'`)
    options.epochs = Number(values.epochs)
  }
  if (values.lr !== undefined) {
    const lr = Number(values.lr)
    if (values.lr.trim() === '' || !Number.isFinite(lr) || lr <= 0)
      throw new UsageError(`--lr must be a positive number, got '${values.lr}'`)
    options.lr = lr
  }
  if (values.list) {
    if (positionals.length > 0) throw new UsageError('--list takes no part ids')
    return { list: true, parts: [], options, json: Boolean(values.json), out: '', all: false }
  }
  if (positionals.length === 0) throw new UsageError(`no part given; ${USAGE}`)
  const all = positionals.includes('all')
  if (all && positionals.length > 1) throw new UsageError("'all' replays every part; give it alone")
  const parts = all
    ? PARTS
    : positionals.map((id) => {
        const part = PARTS.find((p) => p.id === id)
        if (!part) throw new UsageError(`unknown part '${id}'; the parts are: all, ${PARTS.map((p) => p.id).join(', ')}`)
        return part
      })
  const defaultOut = `out/${all ? 'all' : parts.map((p) => p.id).join('+')}`
  return { list: false, parts, options, json: Boolean(values.json), out: resolve(cwd, values.out ?? defaultOut), all }
}

/** Figures of one part plus its loss curve, ready to write. */
function partFigures(part: Part, result: PartResult): Figure[] {
  const figs = [...result.figures]
  if (result.lossCurve.length > 1) figs.push(lossCurveFigure(part, result.lossCurve, result.lossLabel))
  return figs
}

const withPart = (id: string, record: Record<string, JsonValue>) => JSON.stringify({ part: id, ...record })

/**
 * Runs the replay command line: parses `argv`, replays the parts, prints their logs (or JSON Lines) and writes the
 * figures; returns the exit code. Errors are one line on stderr.
 * @example
 * process.exitCode = main(process.argv.slice(2), { out: (s) => process.stdout.write(s), ... })
 */
export function main(argv: string[], io: Io): number {
  let cmd: Command
  try {
    cmd = parseCommand(argv, io.cwd)
  } catch (e) {
    io.err(`replay: ${(e as Error).message}\n`)
    return 2
  }
  if (cmd.help) {
    io.out(`${USAGE}\nparts: all, ${PARTS.map((p) => p.id).join(', ')}\n`)
    return 0
  }
  if (cmd.list) {
    if (cmd.json) for (const p of PARTS) io.out(`${JSON.stringify({ id: p.id, source: p.source, title: p.title })}\n`)
    else {
      const w = Math.max(...PARTS.map((p) => p.id.length))
      for (const p of PARTS) io.out(`${p.id.padEnd(w)}  ${p.source.padEnd(16)}  ${p.title}\n`)
    }
    return 0
  }

  let stage: ReturnType<typeof stageOutput>
  try {
    stage = stageOutput(cmd.out)
  } catch (e) {
    io.err(`replay: ${(e as Error).message}\n`)
    return 1
  }
  try {
    const files: OutFile[] = []
    const entries: { part: Part; result: PartResult; figures: Figure[] }[] = []
    const summary: Record<string, JsonValue> = {}
    const showBar = io.isTTY && !cmd.json
    for (const part of cmd.parts) {
      let bar: cliProgress.SingleBar | null = null
      const onProgress = (done: number, total: number) => {
        if (!showBar) return
        if (!bar) {
          bar = new cliProgress.SingleBar(
            { format: `${part.id} {bar} {value}/{total}`, stream: process.stdout, clearOnComplete: true },
            cliProgress.Presets.shades_classic,
          )
          bar.start(total, 0)
        }
        bar.update(done)
      }
      let result: PartResult
      try {
        result = part.run({ ...cmd.options, onProgress })
      } finally {
        ;(bar as cliProgress.SingleBar | null)?.stop()
      }
      const figures = partFigures(part, result)
      const prefix = cmd.all || cmd.parts.length > 1 ? `${part.id}/` : ''
      const log = partLog(result)
      if (cmd.json) for (const r of result.records) io.out(`${withPart(part.id, r)}\n`)
      else {
        const how = result.mode === 'seeded' ? `seed ${result.seed}` : result.mode
        io.out(`== ${part.id}: ${part.source}, ${part.title} (${how})\n${log.join('\n')}\n\n`)
      }
      files.push({ path: `${prefix}log.txt`, data: `${log.join('\n')}\n` })
      files.push({ path: `${prefix}records.jsonl`, data: result.records.map((r) => `${JSON.stringify(r)}\n`).join('') })
      for (const f of figures) {
        files.push({ path: `${prefix}${f.name}.svg`, data: f.svg })
        files.push({ path: `${prefix}${f.name}.png`, data: toPng(f) })
      }
      entries.push({ part, result, figures })
      summary[part.id] = { mode: result.mode, seed: result.seed, ...result.summary }
    }
    if (cmd.all) files.push({ path: 'index.html', data: reportHtml(entries) })
    files.push({ path: 'summary.json', data: `${JSON.stringify(summary, null, 1)}\n` })
    stage.commit(files)
    if (cmd.json) io.out(`${JSON.stringify({ summary })}\n`)
    else io.out(`wrote ${files.length} files to ${cmd.out}\n`)
    return 0
  } catch (e) {
    stage.abort()
    const msg = e instanceof OutputError ? e.message : `${(e as Error).name}: ${(e as Error).message}`
    io.err(`replay: ${msg.split('\n')[0]}\n`)
    return 1
  }
}

