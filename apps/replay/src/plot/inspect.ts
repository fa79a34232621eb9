import { Resvg } from '@resvg/resvg-js'
import { DOMParser } from 'linkedom'

// Test helpers: read back what the figure pipeline wrote.

/** Width and height from a PNG's IHDR chunk. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
  if (signature.some((b, i) => png[i] !== b)) throw new Error('not a PNG file')
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength)
  if (String.fromCharCode(...png.slice(12, 16)) !== 'IHDR') throw new Error('PNG without an IHDR chunk first')
  return { width: view.getUint32(16), height: view.getUint32(20) }
}

/** Parses SVG text strictly (resvg's XML parser throws on malformed markup), then reads its root and texts. */
export function parseSvg(svg: string): { tag: string; width: string | null; text: string[] } {
  new Resvg(svg)
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml')
  const root = doc.documentElement
  if (!root || root.tagName !== 'svg') throw new Error(`not an svg document: <${root?.tagName}>`)
  const text = Array.from(root.querySelectorAll('text') as ArrayLike<{ textContent: string }>).map((t) => t.textContent)
  return { tag: root.tagName, width: root.getAttribute('width'), text }
}

