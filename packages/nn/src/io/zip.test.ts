import { fc, test as propTest } from '@fast-check/vitest'
import { RuntimeError } from '@descent/tensor'
import { describe, expect, test } from 'vitest'
import { fixtureBytes } from '../../test/helpers.js'
import { crc32 } from './crc32.js'
import { readZip, writeZip } from './zip.js'

const enc = new TextEncoder()

describe('crc32', () => {
  test('known values (zlib.crc32)', () => {
    expect(crc32(new Uint8Array(0))).toBe(0)
    expect(crc32(enc.encode('123456789'))).toBe(0xcbf43926)
    expect(crc32(enc.encode('3\n'))).toBe(0x55679ed1)
  })
})

describe('zip', () => {
  const arbEntries = fc.uniqueArray(fc.tuple(fc.stringMatching(/^[a-z0-9_./-]{1,20}$/), fc.uint8Array({ maxLength: 200 })), {
    selector: ([name]) => name,
    maxLength: 6,
  })
  propTest.prop([arbEntries, fc.constantFrom(1, 64)], { numRuns: 100 })('readZip(writeZip(entries)) gives them back', (entries, alignment) => {
    const bytes = writeZip(entries.map(([name, data]) => ({ name, data })), { alignment })
    expect(readZip(bytes).map((e) => [e.name, Array.from(e.data)])).toEqual(entries.map(([n, d]) => [n, Array.from(d)]))
  })
  test('entry data starts on a 64-byte boundary, as PyTorch writes it', () => {
    const bytes = writeZip([
      { name: 'archive/data.pkl', data: Uint8Array.from([1, 2, 3]) },
      { name: 'archive/data/0', data: new Uint8Array(13) },
    ])
    for (const e of readZip(bytes)) expect(e.data.byteOffset % 64).toBe(0)
  })
  test('reads PyTorch\'s own archives (zip64 end records, data descriptors)', () => {
    const names = readZip(fixtureBytes('torch_state.pth')).map((e) => e.name)
    expect(names[0]).toBe('torch_state/data.pkl')
    expect(names.at(-1)).toBe('torch_state/version')
  })
  const valid = writeZip([{ name: 'a/b', data: enc.encode('hello') }])
  const refusals: [string, Uint8Array, string][] = [
    ['too small', new Uint8Array(10), 'file too small'],
    ['no end record', new Uint8Array(100), 'failed finding central directory'],
    ['bad crc', (() => { const b = valid.slice(); b[b.indexOf(0x68)] = 0x48; return b })(), 'invalid crc for a/b'],
    ['truncated', valid.subarray(0, valid.length - 1), 'failed finding central directory'],
    ['trailing bytes', Uint8Array.from([...valid, 0]), 'failed finding central directory'],
  ]
  test.each(refusals)('%s is refused', (_, bytes, message) => {
    expect(() => readZip(bytes)).toThrow(RuntimeError)
    expect(() => readZip(bytes)).toThrow(message)
  })
  test('compressed, encrypted, duplicate and overlapping entries are refused', () => {
    const patchCentral = (offset: number, value: number, width: 2 | 4) => {
      const b = valid.slice()
      const view = new DataView(b.buffer)
      const cd = view.getUint32(b.length - 6, true)
      if (width === 2) view.setUint16(cd + offset, value, true)
      else view.setUint32(cd + offset, value, true)
      return b
    }
    expect(() => readZip(patchCentral(10, 8, 2))).toThrow('is compressed (method 8)')
    expect(() => readZip(patchCentral(8, 1, 2))).toThrow('is encrypted')
    expect(() => readZip(patchCentral(42, 1, 4))).toThrow(/local header|bad local header signature/)
    const twice = writeZip([{ name: 'x', data: new Uint8Array(1) }, { name: 'x', data: new Uint8Array(1) }])
    expect(() => readZip(twice)).toThrow('duplicate entry x')
  })
  test('a central directory claiming more entries than it can hold is refused before any loop', () => {
    const b = valid.slice()
    new DataView(b.buffer).setUint16(b.length - 12, 0xfffe, true)
    new DataView(b.buffer).setUint16(b.length - 14, 0xfffe, true)
    expect(() => readZip(b)).toThrow('central directory smaller than its entry count')
  })
})
