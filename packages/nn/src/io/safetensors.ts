import type { NDArray } from '@descent/tensor'
import { type StoredName, STORED, arrayFromBytes, encodeArray } from './bytes.js'
import { SafetensorError } from './errors.js'
import { type StateDictLike, defineEntry, toNDArray } from './tensorLike.js'

// The format's dtype names and how descent loads each (https://github.com/huggingface/safetensors#format).
const FROM_FILE: Record<string, StoredName> = {
  BOOL: 'bool',
  U8: 'uint8',
  I8: 'int8',
  I16: 'int16',
  U16: 'uint16',
  F16: 'float16',
  BF16: 'bfloat16',
  I32: 'int32',
  U32: 'uint32',
  F32: 'float32',
  F64: 'float64',
  I64: 'int64',
  U64: 'uint64',
}
const TO_FILE = { float32: 'F32', float64: 'F64', int64: 'I64', bool: 'BOOL' } as const

// The reference implementation's cap on the JSON header: a length field cannot make us allocate more.
const MAX_HEADER_SIZE = 100_000_000

const fail = (what: string): never => {
  throw new SafetensorError(`Error while deserializing header: ${what}`)
}

const isIndex = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0

interface Entry {
  name: string
  type: StoredName
  shape: number[]
  begin: number
  end: number
}

function parseHeader(bytes: Uint8Array): { entries: Entry[]; metadata: Record<string, string> | null; dataStart: number } {
  if (bytes.length < 8) fail('HeaderTooSmall')
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const lo = view.getUint32(0, true)
  const hi = view.getUint32(4, true)
  if (hi !== 0 || lo > MAX_HEADER_SIZE) fail('HeaderTooLarge')
  const n = lo
  if (8 + n > bytes.length) fail('InvalidHeaderLength')
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n))
  } catch {
    return fail('InvalidHeader')
  }
  if (!text.startsWith('{')) fail('InvalidHeaderStart')
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    return fail(`InvalidHeaderDeserialization (${(e as Error).message})`)
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) fail('InvalidHeaderDeserialization (not an object)')
  const dataLength = bytes.length - 8 - n
  let metadata: Record<string, string> | null = null
  const entries: Entry[] = []
  for (const [name, info] of Object.entries(json as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (info === null || typeof info !== 'object' || Array.isArray(info)) fail('InvalidHeaderDeserialization (__metadata__ must map strings to strings)')
      for (const v of Object.values(info as object)) {
        if (typeof v !== 'string') fail('InvalidHeaderDeserialization (__metadata__ must map strings to strings)')
      }
      metadata = { ...(info as Record<string, string>) }
      continue
    }
    const bad = (why: string): never => fail(`TensorInvalidInfo(${JSON.stringify(name)}): ${why}`)
    if (info === null || typeof info !== 'object' || Array.isArray(info)) bad('not an object')
    const { dtype, shape, data_offsets: offsets, ...rest } = info as Record<string, unknown>
    if (Object.keys(rest).length > 0) bad(`unknown field ${Object.keys(rest)[0]}`)
    if (typeof dtype !== 'string') bad('dtype must be a string')
    const type = FROM_FILE[dtype as string]
    if (!Object.hasOwn(FROM_FILE, dtype as string) || type === undefined) bad(`unsupported dtype ${dtype}`)
    if (!Array.isArray(shape) || !shape.every(isIndex)) bad('shape must be a list of non-negative integers')
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isIndex)) bad('data_offsets must be [begin, end]')
    const [begin, end] = offsets as number[]
    if (end! < begin! || end! > dataLength) fail(`InvalidOffset(${JSON.stringify(name)})`)
    // Compare in floating point first so a huge shape cannot overflow into a small product.
    let count = 1
    for (const d of shape as number[]) count *= d
    if (count * STORED[type!].itemsize !== end! - begin!) bad(`shape ${JSON.stringify(shape)} does not fill ${end! - begin!} bytes of ${dtype}`)
    entries.push({ name, type: type!, shape: [...(shape as number[])], begin: begin!, end: end! })
  }
  // Tensors must tile the data buffer exactly: no gaps, no overlaps, nothing left over.
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end)
  let pos = 0
  for (const e of sorted) {
    if (e.begin !== pos) fail(`InvalidOffset(${JSON.stringify(e.name)})`)
    pos = e.end
  }
  if (pos !== dataLength) fail('MetadataIncompleteBuffer')
  return { entries: sorted, metadata, dataStart: 8 + n }
}

/**
 * Reads a safetensors file into a map of arrays (in file order), validating the header, every dtype, shape and
 * offset, and the file's size before touching the data.
 * @see https://huggingface.co/docs/safetensors/index
 * @example
 * const sd = loadSafetensors(new Uint8Array(readFileSync('model.safetensors')))
 * model.loadStateDict(sd)
 */
export function loadSafetensors(bytes: Uint8Array): Record<string, NDArray> {
  const { entries, dataStart } = parseHeader(bytes)
  const out: Record<string, NDArray> = {}
  for (const e of entries) {
    defineEntry(out, e.name, arrayFromBytes(bytes.subarray(dataStart + e.begin, dataStart + e.end), e.type, e.shape))
  }
  return out
}

/**
 * The `__metadata__` string map of a safetensors file, or null when it has none.
 * @see https://huggingface.co/docs/safetensors/metadata_parsing
 * @example
 * safetensorsMetadata(saveSafetensors(sd, { format: 'pt' })) // { format: 'pt' }
 */
export function safetensorsMetadata(bytes: Uint8Array): Record<string, string> | null {
  return parseHeader(bytes).metadata
}

/**
 * Writes arrays (or tensors) as a safetensors file: 8-byte little-endian header length, JSON header padded with
 * spaces to 8 bytes, then each tensor's little-endian bytes, ordered by alignment then name like the reference writer.
 * @see https://huggingface.co/docs/safetensors/index
 * @example
 * const bytes = saveSafetensors(model.stateDict())
 * writeFileSync('model.safetensors', bytes)
 */
export function saveSafetensors(tensors: StateDictLike, metadata?: Record<string, string>): Uint8Array {
  const items = Object.entries(tensors).map(([name, value]) => {
    if (name === '__metadata__') throw new SafetensorError('__metadata__ is reserved and cannot name a tensor')
    const a = toNDArray(value, name)
    return { name, a, bytes: encodeArray(a) }
  })
  items.sort((x, y) => STORED[y.a.dtype].itemsize - STORED[x.a.dtype].itemsize || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0))
  const header: Record<string, unknown> = {}
  if (metadata !== undefined) {
    for (const v of Object.values(metadata)) {
      if (typeof v !== 'string') throw new SafetensorError('__metadata__ values must be strings')
    }
    header.__metadata__ = metadata
  }
  let pos = 0
  for (const { name, a, bytes } of items) {
    header[name] = { dtype: TO_FILE[a.dtype], shape: [...a.shape], data_offsets: [pos, pos + bytes.length] }
    pos += bytes.length
  }
  const json = new TextEncoder().encode(JSON.stringify(header))
  const n = Math.ceil(json.length / 8) * 8
  const out = new Uint8Array(8 + n + pos)
  new DataView(out.buffer).setUint32(0, n, true)
  out.fill(0x20, 8, 8 + n)
  out.set(json, 8)
  let p = 8 + n
  for (const { bytes } of items) {
    out.set(bytes, p)
    p += bytes.length
  }
  return out
}
