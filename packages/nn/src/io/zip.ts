import { RuntimeError } from '@descent/tensor'
import { crc32 } from './crc32.js'

/** One file of a zip archive; `data` is a view into the archive's bytes when read. */
export interface ZipEntry {
  name: string
  data: Uint8Array
}

const LOCAL = 0x04034b50
const CENTRAL = 0x02014b50
const END = 0x06054b50
const END64 = 0x06064b50
const LOCATOR64 = 0x07064b50
const MAX_U32 = 0xffffffff

// PyTorch's reader (miniz) prefixes its errors this way; we keep the prefix and say what was wrong.
const fail = (what: string): never => {
  throw new RuntimeError(`PytorchStreamReader failed reading zip archive: ${what}`)
}

/** Reads little-endian fields from a byte range and refuses to step outside it. */
class Cursor {
  private readonly view: DataView
  constructor(
    readonly bytes: Uint8Array,
    public pos: number,
    private readonly end: number,
    private readonly what: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  }
  need(n: number): void {
    if (n < 0 || this.pos + n > this.end) fail(`truncated ${this.what}`)
  }
  u16(): number {
    this.need(2)
    const v = this.view.getUint16(this.pos, true)
    this.pos += 2
    return v
  }
  u32(): number {
    this.need(4)
    const v = this.view.getUint32(this.pos, true)
    this.pos += 4
    return v
  }
  // Sizes beyond 2^53 cannot describe a buffer we hold, so they fail here rather than lose precision.
  u64(): number {
    const lo = this.u32()
    const hi = this.u32()
    if (hi >= 0x200000) fail(`${this.what} field out of range`)
    return hi * 0x100000000 + lo
  }
  take(n: number): Uint8Array {
    this.need(n)
    const out = this.bytes.subarray(this.pos, this.pos + n)
    this.pos += n
    return out
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

function decodeName(raw: Uint8Array): string {
  try {
    return utf8.decode(raw)
  } catch {
    return fail('entry name is not valid UTF-8')
  }
}

/**
 * Reads a zip archive of stored (uncompressed) entries, as torch.save writes, validating every size, offset and
 * checksum against the buffer before returning views of the entries' bytes.
 */
export function readZip(bytes: Uint8Array): ZipEntry[] {
  const length = bytes.length
  if (length < 22) fail('file too small to be a zip archive')
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  // The end record sits in the last 22 + 65535 bytes (its comment is at most 65535 bytes long).
  let endPos = -1
  for (let p = length - 22; p >= Math.max(0, length - 22 - 0xffff); p--) {
    if (view.getUint32(p, true) === END && p + 22 + view.getUint16(p + 20, true) === length) {
      endPos = p
      break
    }
  }
  if (endPos < 0) fail('failed finding central directory')
  const end = new Cursor(bytes, endPos + 4, length, 'end of central directory')
  const disk = end.u16()
  const cdDisk = end.u16()
  const countOnDisk = end.u16()
  let count = end.u16()
  let cdSize = end.u32()
  let cdOffset = end.u32()
  let cdLimit = endPos
  const overflowed = count === 0xffff || cdSize === MAX_U32 || cdOffset === MAX_U32 || countOnDisk === 0xffff
  // PyTorch's writer (miniz) always adds zip64 records, even when nothing overflowed.
  const hasLocator = endPos >= 20 && view.getUint32(endPos - 20, true) === LOCATOR64
  if (overflowed && !hasLocator) fail('missing zip64 end of central directory locator')
  if (hasLocator) {
    const loc = new Cursor(bytes, endPos - 20, endPos, 'zip64 locator')
    loc.u32()
    if (loc.u32() !== 0) fail('multi-disk archives are not supported')
    const end64Pos = loc.u64()
    if (loc.u32() !== 1) fail('multi-disk archives are not supported')
    if (end64Pos + 56 > endPos - 20) fail('zip64 end of central directory out of range')
    const e64 = new Cursor(bytes, end64Pos, endPos - 20, 'zip64 end of central directory')
    if (e64.u32() !== END64) fail('bad zip64 end of central directory signature')
    e64.u64() // record size
    e64.u16() // version made by
    e64.u16() // version needed
    if (e64.u32() !== 0 || e64.u32() !== 0) fail('multi-disk archives are not supported')
    const c1 = e64.u64()
    count = e64.u64()
    if (c1 !== count) fail('multi-disk archives are not supported')
    cdSize = e64.u64()
    cdOffset = e64.u64()
    cdLimit = end64Pos
  } else if (disk !== 0 || cdDisk !== 0 || countOnDisk !== count) {
    fail('multi-disk archives are not supported')
  }
  if (cdOffset + cdSize !== cdLimit) fail('central directory out of range')
  // Each central record takes at least 46 bytes: a count that cannot fit is a lie, not a loop to run.
  if (count * 46 > cdSize) fail('central directory smaller than its entry count')

  const cd = new Cursor(bytes, cdOffset, cdOffset + cdSize, 'central directory')
  const entries: (ZipEntry & { start: number; stop: number })[] = []
  const names = new Set<string>()
  for (let i = 0; i < count; i++) {
    if (cd.u32() !== CENTRAL) fail('bad central directory signature')
    cd.u16() // version made by
    cd.u16() // version needed
    const flags = cd.u16()
    const method = cd.u16()
    cd.u32() // time and date
    const crc = cd.u32()
    let compressed = cd.u32()
    let size = cd.u32()
    const nameLen = cd.u16()
    const extraLen = cd.u16()
    const commentLen = cd.u16()
    const startDisk = cd.u16()
    cd.u16() // internal attributes
    cd.u32() // external attributes
    let offset = cd.u32()
    const name = decodeName(cd.take(nameLen))
    const extra = new Cursor(bytes, cd.pos, cd.pos + extraLen, 'zip64 extra field')
    cd.take(extraLen)
    cd.take(commentLen)
    // The zip64 extra field (id 1) carries, in this order, whichever sizes overflowed 32 bits.
    while (extra.pos < cd.pos) {
      const id = extra.u16()
      const len = extra.u16()
      const stop = extra.pos + len
      extra.need(len)
      if (id === 1) {
        if (size === MAX_U32) size = extra.u64()
        if (compressed === MAX_U32) compressed = extra.u64()
        if (offset === MAX_U32) offset = extra.u64()
        if (extra.pos > stop) fail('zip64 extra field too short')
      }
      extra.pos = stop
    }
    if (startDisk !== 0 && startDisk !== 0xffff) fail('multi-disk archives are not supported')
    if (flags & 1) fail(`entry ${name} is encrypted`)
    if (method !== 0) fail(`entry ${name} is compressed (method ${method}); only stored entries are supported`)
    if (compressed !== size) fail(`entry ${name} has different stored and original sizes`)
    if (name.length === 0) fail('entry with an empty name')
    if (names.has(name)) fail(`duplicate entry ${name}`)
    names.add(name)

    if (offset + 30 > cdOffset) fail(`local header of ${name} out of range`)
    const local = new Cursor(bytes, offset, cdOffset, `local header of ${name}`)
    if (local.u32() !== LOCAL) fail(`bad local header signature for ${name}`)
    local.pos += 22
    const localNameLen = local.u16()
    const localExtraLen = local.u16()
    if (decodeName(local.take(localNameLen)) !== name) fail(`local header name differs from ${name}`)
    local.take(localExtraLen)
    const data = local.take(size)
    if (crc32(data) !== crc) fail(`invalid crc for ${name}`)
    entries.push({ name, data, start: offset, stop: local.pos })
  }
  if (cd.pos !== cdOffset + cdSize) fail('central directory size does not match its entries')
  const byOffset = [...entries].sort((a, b) => a.start - b.start)
  for (let i = 1; i < byOffset.length; i++) {
    if (byOffset[i]!.start < byOffset[i - 1]!.stop) fail(`entries ${byOffset[i - 1]!.name} and ${byOffset[i]!.name} overlap`)
  }
  return entries.map(({ name, data }) => ({ name, data }))
}

/**
 * Writes a zip archive of stored entries. Like PyTorch's writer, it pads each local header (extra field "FB") so
 * that entry data starts on a multiple of `alignment` bytes, which lets readers map tensors without copying.
 */
export function writeZip(entries: readonly ZipEntry[], { alignment = 64 } = {}): Uint8Array {
  const enc = new TextEncoder()
  const parts: Uint8Array[] = []
  const central: Uint8Array[] = []
  let pos = 0
  for (const { name, data } of entries) {
    const rawName = enc.encode(name)
    if (rawName.length > 0xffff) throw new RuntimeError(`zip entry name too long: ${name}`)
    const crc = crc32(data)
    const base = pos + 30 + rawName.length
    // An extra field needs 4 bytes of its own header, so pad to the next aligned position at least 4 bytes away.
    let pad = (alignment - ((base + 4) % alignment)) % alignment
    if (alignment <= 1) pad = -4
    const extraLen = pad + 4
    const header = new Uint8Array(30 + rawName.length + extraLen)
    const h = new DataView(header.buffer)
    h.setUint32(0, LOCAL, true)
    h.setUint16(4, 20, true)
    h.setUint16(6, 0x0800, true) // names are UTF-8
    h.setUint16(8, 0, true)
    h.setUint32(14, crc, true)
    h.setUint32(18, data.length, true)
    h.setUint32(22, data.length, true)
    h.setUint16(26, rawName.length, true)
    h.setUint16(28, extraLen, true)
    header.set(rawName, 30)
    if (extraLen > 0) {
      h.setUint16(30 + rawName.length, 0x4246, true) // "FB", as PyTorch names its padding field
      h.setUint16(32 + rawName.length, pad, true)
      header.fill(0x5a, 34 + rawName.length) // 'Z'
    }
    const record = new Uint8Array(46 + rawName.length)
    const c = new DataView(record.buffer)
    c.setUint32(0, CENTRAL, true)
    c.setUint16(4, 20, true)
    c.setUint16(6, 20, true)
    c.setUint16(8, 0x0800, true)
    c.setUint32(16, crc, true)
    c.setUint32(20, data.length, true)
    c.setUint32(24, data.length, true)
    c.setUint16(28, rawName.length, true)
    c.setUint32(42, pos, true)
    record.set(rawName, 46)
    parts.push(header, data)
    central.push(record)
    pos += header.length + data.length
    if (pos > MAX_U32) throw new RuntimeError('archives over 4 GiB are not supported')
  }
  const cdOffset = pos
  const cdSize = central.reduce((n, r) => n + r.length, 0)
  const endRecord = new Uint8Array(22)
  const e = new DataView(endRecord.buffer)
  e.setUint32(0, END, true)
  e.setUint16(8, entries.length, true)
  e.setUint16(10, entries.length, true)
  e.setUint32(12, cdSize, true)
  e.setUint32(16, cdOffset, true)
  if (entries.length > 0xffff) throw new RuntimeError('archives over 65535 entries are not supported')
  const out = new Uint8Array(cdOffset + cdSize + 22)
  let p = 0
  for (const part of [...parts, ...central, endRecord]) {
    out.set(part, p)
    p += part.length
  }
  return out
}
