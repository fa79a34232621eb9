// The CRC-32 of zip archives (IEEE 802.3 polynomial, reflected), slicing-by-4 over lookup tables.
const TABLES = (() => {
  const t = new Uint32Array(4 * 256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    t[n] = c >>> 0
  }
  // Table k advances a byte k positions further, so four bytes are folded per step.
  for (let n = 0; n < 256; n++) {
    for (let k = 1; k < 4; k++) t[k * 256 + n] = (t[(k - 1) * 256 + n]! >>> 8) ^ t[t[(k - 1) * 256 + n]! & 0xff]!
  }
  return t
})()

/** CRC-32 of `bytes` as an unsigned 32-bit number, as zip (and Python's `zlib.crc32`) compute it. */
export function crc32(bytes: Uint8Array): number {
  const t = TABLES
  let c = 0xffffffff
  let i = 0
  const end4 = bytes.length - (bytes.length % 4)
  for (; i < end4; i += 4) {
    c ^= bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24)
    c = t[768 + (c & 0xff)]! ^ t[512 + ((c >>> 8) & 0xff)]! ^ t[256 + ((c >>> 16) & 0xff)]! ^ t[c >>> 24]!
  }
  for (; i < bytes.length; i++) c = t[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}
