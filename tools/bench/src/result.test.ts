import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import {
  formatCheckList,
  formatChecks,
  formatRatio,
  formatResultLine,
  formatSummary,
  formatTable,
  formatValue,
  parseResultLine,
} from './result.js'
import { summarise } from './summary.js'
import { findWorkload, workloads } from './workloads.js'

const arbResult = fc.record({
  peer: fc.constantFrom('descent', 'pytorch', 'tfjs-cpu', 'tfjs-wasm'),
  workload: fc.constantFrom(...workloads.map((w) => w.name), 'matmul-1024'),
  value: fc.double({ noNaN: true, noDefaultInfinity: true }),
  unit: fc.string(),
  check: fc.double({ noNaN: true, noDefaultInfinity: true }),
})

describe('result lines', () => {
  test.prop([arbResult])('parse what they format', (r) => {
    const parsed = parseResultLine(formatResultLine(r))
    // JSON has no -0: it prints 0.
    expect(parsed).toEqual({ ...r, value: r.value === 0 ? 0 : r.value, check: r.check === 0 ? 0 : r.check })
  })

  test('keep the documented key order', () => {
    const line = formatResultLine({ peer: 'descent', workload: 'mlp', value: 1.5, unit: 'ms/step', check: 2.25 })
    expect(line).toBe('{"peer":"descent","workload":"mlp","value":1.5,"unit":"ms/step","check":2.25}')
  })

  test('reject what is not a result', () => {
    expect(parseResultLine('Hi, looks like you are running TensorFlow.js in Node.js.')).toBeNull()
    expect(parseResultLine('{"peer":"descent"')).toBeNull()
    expect(parseResultLine('{"peer":"descent","workload":"mlp","value":"1","unit":"ms","check":0}')).toBeNull()
    expect(parseResultLine('{"peer":"descent","workload":"mlp","value":1,"unit":"ms"}')).toBeNull()
    expect(parseResultLine('null')).toBeNull()
  })
})

describe('ratios', () => {
  const loop = findWorkload('loop-scalar')
  const matmul = findWorkload('matmul-512')

  test('are descent/peer, read as how much better descent is', () => {
    expect(formatRatio(2, 66, loop)).toBe('0.030 (33× better)')
    expect(formatRatio(30, 3, loop)).toBe('10.00 (10× worse)')
    // GFLOP/s is better higher.
    expect(formatRatio(40, 20, matmul)).toBe('2.000 (2.0× better)')
    expect(formatRatio(10, 100, matmul)).toBe('0.100 (10× worse)')
  })

  test('are left out when a value is not positive or is noise', () => {
    expect(formatRatio(0.1, -0.05, findWorkload('memory'))).toBe('—')
    // Under a megabyte, heap growth is a few pages of noise.
    expect(formatRatio(0.17, 0.08, findWorkload('memory'))).toBe('—')
    expect(formatRatio(2, 8, findWorkload('memory'))).toBe('0.250 (4.0× better)')
    expect(formatRatio(0, 1, loop)).toBe('—')
  })

  test.prop([fc.double({ min: 1e-6, max: 1e6 }), fc.double({ min: 1e-6, max: 1e6 })])(
    'say better exactly when descent is smaller on a time',
    (d, q) => {
      fc.pre(Math.abs(d - q) > 1e-9 * q)
      expect(formatRatio(d, q, loop).includes('better')).toBe(d < q)
    },
  )
})

test('values keep about four significant digits', () => {
  expect(formatValue(66.12345)).toBe('66.12')
  expect(formatValue(0.31234)).toBe('0.312')
  expect(formatValue(1234.5)).toBe('1235')
  expect(formatValue(0.000123)).toBe('0.00012')
  expect(formatValue(0)).toBe('0')
})

test('the table has one row per result name and a ratio per peer', () => {
  const results = [
    { peer: 'descent', workload: 'loop-scalar', value: 1, unit: 'µs/iter', check: 2 },
    { peer: 'pytorch', workload: 'loop-scalar', value: 66, unit: 'µs/iter', check: 2 },
    { peer: 'descent', workload: 'matmul-128', value: 5, unit: 'GFLOP/s', check: 3 },
  ]
  const table = formatTable(results, ['descent', 'pytorch']).split('\n')
  expect(table).toEqual([
    '| workload | unit | target | descent | pytorch | descent/pytorch |',
    '| --- | --- | --- | --- | --- | --- |',
    '| loop-scalar | µs/iter | ≤ 2 ✓ | 1.000 | 66.00 | 0.015 (66× better) |',
    '| matmul-128 | GFLOP/s |  | 5.000 | — | — |',
  ])
  expect(formatChecks(results, ['descent', 'pytorch']).split('\n')[2]).toBe('| loop-scalar | 2 | 2 |')
})

describe('repeats', () => {
  const loop = (peer: string, value: number, check = 2) => ({ peer, workload: 'loop-scalar', value, unit: 'µs/iter', check })
  // The README's ten fresh loop-scalar processes.
  const ten = [1.9, 1.33, 2.94, 1.34, 1.61, 2.43, 1.35, 1.68, 1.5, 1.65]

  test('a repeated value is its median with the spread and, against a target, how many processes met it', () => {
    const [s] = summarise(ten.map((v) => loop('descent', v)))
    expect(formatSummary(s, findWorkload('loop-scalar'))).toBe('1.630 (1.330–2.940; 8/10 ≤ 2)')
    expect(formatSummary(s)).toBe('1.630 (1.330–2.940)')
    // GFLOP/s counts the processes at or above the target's bound.
    const gflops = summarise([3, 5, 7].map((v) => ({ peer: 'descent', workload: 'matmul-8', value: v, unit: 'GFLOP/s', check: 1 })))
    expect(formatSummary(gflops[0], { ...findWorkload('matmul-8')!, target: 5 })).toBe('5.000 (3.000–7.000; 2/3 ≥ 5)')
    // One process prints its value as it always did.
    expect(formatSummary(summarise([loop('descent', 1.5)])[0], findWorkload('loop-scalar'))).toBe('1.500')
  })

  test('the table uses the medians for the target and the ratios', () => {
    const results = [
      loop('descent', 3),
      loop('pytorch', 60),
      loop('descent', 1),
      loop('pytorch', 66),
      loop('descent', 1.5),
      loop('pytorch', 80),
      loop('descent', 1.8),
      loop('pytorch', 70),
    ]
    expect(formatTable(results, ['descent', 'pytorch']).split('\n')).toEqual([
      '| workload | unit | target | descent | pytorch | descent/pytorch |',
      '| --- | --- | --- | --- | --- | --- |',
      '| loop-scalar | µs/iter | ≤ 2 ✓ | 1.650 (1.000–3.000; 3/4 ≤ 2) | 68.00 (60.00–80.00) | 0.024 (41× better) |',
    ])
    expect(formatChecks(results, ['descent', 'pytorch']).split('\n')[2]).toBe('| loop-scalar | 2 | 2 |')
  })

  test('checks that differ between repeats get a note row, never a silent pick', () => {
    const results = [loop('descent', 1, 2), loop('pytorch', 60, 2), loop('descent', 1, 1.9999999), loop('pytorch', 60, 2)]
    const table = formatTable(results, ['descent', 'pytorch', 'tfjs-cpu']).split('\n')
    expect(table.slice(2)).toEqual([
      '| loop-scalar | µs/iter | ≤ 2 ✓ | 1.000 (1.000–1.000; 2/2 ≤ 2) | 60.00 (60.00–60.00) | 0.017 (60× better) | — | — |',
      '| loop-scalar: checks differ between repeats |  |  | 2 ≠ 1.9999999 |  |  |  |  |',
    ])
    // Seven digits would print both as 2: every digit then.
    expect(formatChecks(results, ['descent', 'pytorch']).split('\n')[2]).toBe('| loop-scalar | 2 ≠ 1.9999999 | 2 |')
    expect(formatCheckList([0.5, 0.25])).toBe('0.5 ≠ 0.25')
    expect(formatCheckList([0.4, 0.9, 0.1, 0.7])).toBe('4 values, 0.1 to 0.9')
  })

  test('a peer whose checks differ is named in its own column', () => {
    const results = [loop('descent', 1), loop('tfjs-cpu', 50, 2), loop('descent', 1), loop('tfjs-cpu', 52, 2.5)]
    const note = formatTable(results, ['descent', 'tfjs-cpu']).split('\n')[3]
    expect(note).toBe('| loop-scalar: checks differ between repeats |  |  |  | 2 ≠ 2.5 |  |')
  })
})
