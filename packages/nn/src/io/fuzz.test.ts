import { fc, test } from '@fast-check/vitest'
import { NDArray, RuntimeError } from '@descent/tensor'
import { describe, expect } from 'vitest'
import { fixtureBytes } from '../../test/helpers.js'
import { descentStateDict } from '../../test/ioContent.js'
import { SafetensorError, UnpicklingError } from './errors.js'
import { loadSafetensors, saveSafetensors } from './safetensors.js'
import { load, save } from './torchSave.js'
import { readZip, writeZip } from './zip.js'

/** Runs a loader and accepts only its documented failures; a result must be arrays whose every element is readable. */
function loadsOrRefuses(loader: (b: Uint8Array) => Record<string, NDArray>, bytes: Uint8Array): void {
  let out: Record<string, NDArray>
  try {
    out = loader(bytes)
  } catch (e) {
    if (e instanceof RuntimeError || e instanceof UnpicklingError || e instanceof SafetensorError) return
    throw e
  }
  for (const a of Object.values(out)) {
    expect(a).toBeInstanceOf(NDArray)
    if (a.size === 0) continue
    let last = a.offset
    for (let i = 0; i < a.ndim; i++) last += (a.shape[i]! - 1) * a.strides[i]!
    expect(a.offset).toBeGreaterThanOrEqual(0)
    expect(last).toBeLessThan(a.data.length)
  }
}

const validPth = [fixtureBytes('torch_state.pth'), save(descentStateDict())]
const validSt = [fixtureBytes('numpy_state.safetensors'), saveSafetensors(descentStateDict())]

/** A valid file with a few bytes overwritten, a range cut out, or bytes appended. */
const mutated = (files: Uint8Array[]) =>
  fc
    .tuple(
      fc.constantFrom(...files),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }),
      fc.option(fc.tuple(fc.nat(), fc.nat({ max: 64 }))),
      fc.uint8Array({ maxLength: 16 }),
    )
    .map(([file, writes, cut, tail]) => {
      let b = file.slice()
      for (const [at, v] of writes) b[at % b.length] = v
      if (cut) {
        const at = cut[0] % b.length
        b = Uint8Array.from([...b.subarray(0, at), ...b.subarray(Math.min(b.length, at + cut[1]))])
      }
      return Uint8Array.from([...b, ...tail])
    })

describe('fuzzing torch.save archives', () => {
  test.prop([fc.uint8Array({ maxLength: 512 })], { numRuns: 300 })('random bytes are refused cleanly', (bytes) => {
    loadsOrRefuses(load, bytes)
  })
  test.prop([mutated(validPth)], { numRuns: 300 })('mutated archives load safely or are refused cleanly', (bytes) => {
    loadsOrRefuses(load, bytes)
  })
  // Mutating the pickle inside a re-checksummed archive reaches the unpickler instead of stopping at the CRC check.
  const pkl = readZip(validPth[0]!)
  test.prop(
    [fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), fc.nat()],
    { numRuns: 300 },
  )('mutated pickles load safely or are refused cleanly', (writes, cut) => {
    const entries = pkl.map((e) => ({ ...e, data: e.data.slice() }))
    const data = entries[0]!.data
    for (const [at, v] of writes) data[at % data.length] = v
    entries[0]!.data = data.subarray(0, data.length - (cut % 8))
    loadsOrRefuses(load, writeZip(entries))
  })
  test.prop([fc.constantFrom('os', 'posix', 'builtins', '__builtin__', 'subprocess', 'torch', 'numpy', 'collections'), fc.constantFrom('system', 'eval', 'exec', 'Popen', 'getattr', 'load', 'Counter', 'ones')], {
    numRuns: 50,
  })('a pickle naming a forbidden global is refused by name', (module, name) => {
    const enc = new TextEncoder()
    // PROTO 2, GLOBAL module name, EMPTY_TUPLE, REDUCE, STOP
    const pickle = Uint8Array.from([0x80, 2, 0x63, ...enc.encode(`${module}\n${name}\n`), 0x29, 0x52, 0x2e])
    const bytes = writeZip([
      { name: 'archive/data.pkl', data: pickle },
      { name: 'archive/version', data: enc.encode('3\n') },
    ])
    expect(() => load(bytes)).toThrow(UnpicklingError)
    expect(() => load(bytes)).toThrow(`WeightsUnpickler error: Unsupported class ${module}.${name}`)
  })
})

describe('fuzzing safetensors', () => {
  test.prop([fc.uint8Array({ maxLength: 256 })], { numRuns: 300 })('random bytes are refused cleanly', (bytes) => {
    loadsOrRefuses(loadSafetensors, bytes)
  })
  test.prop([mutated(validSt)], { numRuns: 300 })('mutated files load safely or are refused cleanly', (bytes) => {
    loadsOrRefuses(loadSafetensors, bytes)
  })
  const header = fc.dictionary(
    fc.string({ maxLength: 6 }),
    fc.record({
      dtype: fc.constantFrom('F32', 'F64', 'I64', 'BOOL', 'F16', 'U8', 'X'),
      shape: fc.array(fc.integer({ min: -1, max: 4 }), { maxLength: 3 }),
      data_offsets: fc.tuple(fc.integer({ min: -4, max: 64 }), fc.integer({ min: -4, max: 64 })),
    }),
  )
  test.prop([header, fc.nat({ max: 64 })], { numRuns: 300 })('random headers are validated before any read', (h, n) => {
    const json = new TextEncoder().encode(JSON.stringify(h))
    const bytes = new Uint8Array(8 + json.length + n)
    new DataView(bytes.buffer).setUint32(0, json.length, true)
    bytes.set(json, 8)
    loadsOrRefuses(loadSafetensors, bytes)
  })
})
