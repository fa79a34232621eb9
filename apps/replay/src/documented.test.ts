import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import {
  PART1_LOG,
  PART2_LOG,
  PART3_LOG,
  PART4_LOG,
  SPEED_LOG,
  SPEED_OUTPUTS,
  parseEpochLog,
  parseLossLog,
  parseTensorText,
} from './documented.js'

const SEEDS = new URL('../../../../shared/seeds/', import.meta.url)
const seed = (name: string) => readFileSync(new URL(name, SEEDS), 'utf8')
const haveSeeds = existsSync(new URL('003_66c1704aae6028bc.txt', SEEDS))
/** Lines `from` to `to` (1-based, inclusive) of a seed file. */
const lines = (name: string, from: number, to: number) => seed(name).split('\n').slice(from - 1, to)

describe.skipIf(!haveSeeds)('the stored logs are verbatim copies of the seeds', () => {
  // each at the lines documented.ts cites for it
  test.each([
    [108, 117, PART1_LOG],
    [176, 199, PART2_LOG],
    [257, 280, PART3_LOG],
    [336, 357, PART4_LOG],
  ])('003 lines %i-%i', (from, to, log) => {
    expect(lines('003_66c1704aae6028bc.txt', from, to).join('\n')).toBe(log)
  })
  test('002', () => {
    const indented = (text: string) => text.split('\n').map((l) => `    ${l}`)
    expect(lines('002_8a4e4e911e5110df.txt', 459, 468)).toEqual(indented(SPEED_LOG))
    const { loss0, grad0, params0, loss1 } = SPEED_OUTPUTS
    for (const [line, out] of [[335, loss0], [354, grad0], [366, params0], [402, loss1]] as const)
      expect(lines('002_8a4e4e911e5110df.txt', line, line)).toEqual(indented(out))
  })
})

describe('parsers', () => {
  test('PART 1: ten complete epochs with their printed precision', () => {
    const log = parseEpochLog(PART1_LOG)
    expect(log).toHaveLength(10)
    expect(log[1]).toEqual({ epoch: 2, w: { value: 1.68, unit: 0.001 }, loss: { value: 4.79999924, unit: 1e-8 } })
  })
  test('PART 2 and 3 drop the cut-off 24th line', () => {
    expect(parseEpochLog(PART2_LOG)).toHaveLength(23)
    expect(parseEpochLog(PART3_LOG)).toEqual(parseEpochLog(PART2_LOG))
  })
  test('PART 4 reads w, b and loss', () => {
    const log = parseEpochLog(PART4_LOG)
    expect(log).toHaveLength(21)
    expect(log[0]).toEqual({
      epoch: 1,
      w: { value: -0.13, unit: 0.001 },
      b: { value: 0.45, unit: 0.01 },
      loss: { value: 42.3191, unit: 1e-4 },
    })
  })
  test('speed losses and tensor outputs', () => {
    expect(parseLossLog(SPEED_LOG)).toHaveLength(10)
    expect(parseLossLog(SPEED_LOG)[0]).toBe(358.8021240234375)
    expect(parseTensorText(SPEED_OUTPUTS.params0).map((p) => p.value)).toEqual([0.0121, -0.6397, 0.6416])
    expect(parseTensorText(SPEED_OUTPUTS.grad0)[0]).toEqual({ value: -6668.8774, unit: 1e-4 })
    expect(parseTensorText(SPEED_OUTPUTS.loss0)).toEqual([{ value: 679.2726, unit: 1e-4 }])
  })
})
