import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { OutputError, stageOutput } from './output.js'

const scratch = () => mkdtempSync(join(tmpdir(), 'replay-out-'))

describe('stageOutput', () => {
  test('commit writes every file, creating parents and subfolders', () => {
    const root = scratch()
    const dir = join(root, 'a', 'b')
    stageOutput(dir).commit([
      { path: 'log.txt', data: 'hello\n' },
      { path: 'part/x.png', data: new Uint8Array([1, 2, 3]) },
    ])
    expect(readFileSync(join(dir, 'log.txt'), 'utf8')).toBe('hello\n')
    expect([...readFileSync(join(dir, 'part/x.png'))]).toEqual([1, 2, 3])
    expect(readdirSync(join(root, 'a'))).toEqual(['b'])
  })

  test('commit replaces an earlier run as a whole', () => {
    const root = scratch()
    const dir = join(root, 'out')
    stageOutput(dir).commit([{ path: 'old.txt', data: 'old' }])
    stageOutput(dir).commit([{ path: 'new.txt', data: 'new' }])
    expect(readdirSync(dir)).toEqual(['new.txt'])
    expect(readdirSync(root)).toEqual(['out'])
  })

  test('abort leaves nothing behind and the old output untouched', () => {
    const root = scratch()
    const dir = join(root, 'out')
    stageOutput(dir).commit([{ path: 'keep.txt', data: 'keep' }])
    const stage = stageOutput(dir)
    writeFileSync(join(stage.staging, 'half.txt'), 'half')
    stage.abort()
    expect(readdirSync(root)).toEqual(['out'])
    expect(readdirSync(dir)).toEqual(['keep.txt'])
  })

  test('an unwritable --out fails before anything is written, with a one-line message', () => {
    const root = scratch()
    const file = join(root, 'file.txt')
    writeFileSync(file, 'not a directory')
    expect(() => stageOutput(join(file, 'out'))).toThrow(OutputError)
    expect(() => stageOutput(join(file, 'out'))).toThrow(/^cannot write to --out .*file\.txt\/out: ENOTDIR$/)
    expect(() => stageOutput(file)).toThrow(/it exists and is not a directory/)
    expect(readdirSync(root)).toEqual(['file.txt'])
    expect(existsSync(join(root, 'out'))).toBe(false)
  })
})
