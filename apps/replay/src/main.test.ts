import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { cases } from './fixtures.js'
import { type Io, main } from './main.js'
import { PARTS } from './parts/index.js'
import { parseSvg, pngSize } from './plot/inspect.js'

function run(argv: string[], opts: { isTTY?: boolean; cwd?: string } = {}) {
  let out = ''
  let err = ''
  const io: Io = {
    out: (s) => {
      out += s
    },
    err: (s) => {
      err += s
    },
    isTTY: opts.isTTY ?? false,
    cwd: opts.cwd ?? mkdtempSync(join(tmpdir(), 'replay-cwd-')),
  }
  const code = main(argv, io)
  return { code, out, err, cwd: io.cwd }
}

const TABLE_KEYS: Record<string, string[]> = {
  manual: ['epoch', 'w', 'loss'],
  autograd: ['epoch', 'w', 'loss'],
  'loss-optim': ['epoch', 'w', 'loss'],
  module: ['epoch', 'w', 'b', 'loss'],
  'custom-module': ['epoch', 'w', 'b', 'loss'],
  landscape: ['iteration', 'points'],
  velocity: ['epoch', 'loss', 'a', 'b', 'c'],
  'linear-module': ['epoch', 'train_loss', 'test_loss', 'weight', 'bias'],
  'x-squared': ['x', 'y', 'grad'],
  speed: ['step', 'loss'],
}

describe('replay --list', () => {
  test('lists every part of the issue table, one per line', () => {
    const { code, out, err } = run(['--list'])
    expect(code).toBe(0)
    expect(err).toBe('')
    const ids = out.trim().split('\n').map((l) => l.split(/\s+/)[0])
    expect(ids).toEqual(Object.keys(TABLE_KEYS))
    expect(PARTS.map((p) => p.id)).toEqual(ids)
  })
})

test('--help prints the usage on stdout and exits 0', () => {
  const { code, out, err } = run(['--help'])
  expect(code).toBe(0)
  expect(err).toBe('')
  expect(out).toMatch(/^usage: replay --list/)
})

describe('replay <id> --json', () => {
  test.each(Object.entries(TABLE_KEYS))('%s: every line parses, records have the keys, then one summary', (id, keys) => {
    const { code, out, err, cwd } = run([id, '--json', '--seed', '1'])
    expect(err).toBe('')
    expect(code).toBe(0)
    const lines = out.trimEnd().split('\n').map((l) => JSON.parse(l))
    const summary = lines.pop()
    expect(Object.keys(summary)).toEqual(['summary'])
    expect(Object.keys(summary.summary)).toEqual([id])
    expect(lines.length).toBeGreaterThan(0)
    for (const record of lines) {
      expect(record.part).toBe(id)
      for (const k of keys) expect(record).toHaveProperty(k)
    }
    // the figures still go to the default out/<id>
    expect(existsSync(join(cwd, 'out', id, 'log.txt'))).toBe(true)
  })

  test('numbers keep full precision (float32 values widened exactly)', () => {
    const { out } = run(['autograd', '--json'])
    const first = JSON.parse(out.split('\n')[0])
    // 0 - float32(0.01) * -30 in float32, exactly as PyTorch stores it (the oracle's value)
    expect(first).toEqual({ part: 'autograd', epoch: 1, w: 0.29999998211860657, loss: 30 })
    expect(first.w).toBe(cases.autograd.records[0].w)
  })
})

describe('plain output', () => {
  test('prints the notebook log and no progress bar when stdout is not a terminal', () => {
    const { code, out } = run(['manual'])
    expect(code).toBe(0)
    expect(out).toContain('Epoch 2/10: w = 1.680, loss = 4.79999924')
    // cli-progress draws with ANSI escapes and block characters
    expect(out.includes(String.fromCharCode(27))).toBe(false)
    expect(out).not.toMatch(/[░█]/)
  })

  test('--epochs and --lr reach the part', () => {
    const { out } = run(['manual', '--epochs', '3', '--lr', '0.02'])
    expect(out).toContain('Epoch 3/3:')
    expect(out).not.toContain('Epoch 4/')
  })
})

describe('bad input: one line on stderr, non-zero exit, nothing written', () => {
  test.each([
    [['nope'], /^replay: unknown part 'nope'; the parts are: all, manual, /],
    [['manual', '--bogus'], /^replay: Unknown option '--bogus'/],
    [['manual', '--seed', '-3'], /^replay: Option '--seed' argument is ambiguous/],
    [['manual', '--seed=-3'], /^replay: --seed must be an integer from 0 to 2\*\*32 - 1, got '-3'/],
    [['manual', '--seed', '1.5'], /^replay: --seed must be an integer/],
    [['manual', '--epochs', '0'], /^replay: --epochs must be an integer from 1/],
    [['manual', '--lr', 'abc'], /^replay: --lr must be a positive number, got 'abc'/],
    [['manual', '--lr=-1'], /^replay: --lr must be a positive number, got '-1'/],
    [['manual', '--epochs', '2.5'], /^replay: --epochs must be an integer from 1 to 100000, got '2.5'/],
    [[], /^replay: no part given/],
    [['all', 'manual'], /^replay: 'all' replays every part; give it alone/],
  ])('%j', (argv, message) => {
    const { code, out, err, cwd } = run(argv)
    expect(code).toBe(2)
    expect(out).toBe('')
    expect(err).toMatch(message)
    expect(err.trimEnd().split('\n')).toHaveLength(1)
    expect(readdirSync(cwd)).toEqual([])
  })

  test('an unwritable --out', () => {
    const { cwd } = run(['--list'])
    writeFileSync(join(cwd, 'file'), 'x')
    const { code, out, err } = run(['manual', '--out', join(cwd, 'file', 'sub')])
    expect(code).toBe(1)
    expect(out).toBe('')
    expect(err).toMatch(/^replay: cannot write to --out .*file\/sub: ENOTDIR\n$/)
    expect(readdirSync(cwd)).toEqual(['file'])
  })
})

describe('replay all --out DIR', () => {
  const { code, out, err, cwd } = run(['all', '--out', 'report'])
  const dir = join(cwd, 'report')

  test('runs every part and writes index.html with each part', () => {
    expect(err).toBe('')
    expect(code).toBe(0)
    const html = readFileSync(join(dir, 'index.html'), 'utf8')
    for (const p of PARTS) {
      expect(html).toContain(`<section id="${p.id}">`)
      expect(existsSync(join(dir, p.id, 'log.txt'))).toBe(true)
    }
    expect(html).toContain('Final parameters')
    expect(html).toContain('<img src="speed/loss.png"')
    expect(html).toContain('<img src="landscape/trajectories.png"')
    expect(out).toContain('== speed')
    // the staging directory is gone
    expect(readdirSync(cwd)).toEqual(['report'])
  })

  test('every SVG parses and every PNG has the size of its SVG', () => {
    let figures = 0
    for (const p of PARTS) {
      for (const f of readdirSync(join(dir, p.id)).filter((n) => n.endsWith('.svg'))) {
        const svg = readFileSync(join(dir, p.id, f), 'utf8')
        const parsed = parseSvg(svg)
        const png = pngSize(readFileSync(join(dir, p.id, f.replace(/\.svg$/, '.png'))))
        expect(String(png.width)).toBe(parsed.width)
        expect(svg).toContain(`height="${png.height}"`)
        figures++
      }
    }
    expect(figures).toBeGreaterThan(20)
  })
})

test('the cli entry runs under tsx: a real non-terminal stdout gets the log and no progress bar', () => {
  const cli = new URL('./cli.ts', import.meta.url).pathname
  const tsx = new URL('../../../node_modules/.bin/tsx', import.meta.url).pathname
  const out = join(mkdtempSync(join(tmpdir(), 'replay-cli-')), 'manual')
  const run = spawnSync(tsx, ['--conditions=@descent/source', cli, 'manual', '--out', out], { encoding: 'utf8' })
  expect(run.stderr).toBe('')
  expect(run.status).toBe(0)
  expect(run.stdout).toContain('Epoch 10/10: w = 2.000, loss = 0.00000206')
  expect(run.stdout.includes(String.fromCharCode(27))).toBe(false)
  expect(readFileSync(join(out, 'log.txt'), 'utf8')).toContain('Epoch 1/10: w = 1.200')
})
