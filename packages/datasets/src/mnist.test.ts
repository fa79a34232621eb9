import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { readIdx, writeIdx } from './idx.js'
import { loadMnist, mnistSubsetFiles } from './mnist.js'

describe('the committed MNIST subset', () => {
  test('is two valid IDX files with MNIST magic numbers 2051 and 2049', () => {
    const images = readFileSync(mnistSubsetFiles.images)
    const labels = readFileSync(mnistSubsetFiles.labels)
    expect(images.readUInt32BE(0)).toBe(2051)
    expect(labels.readUInt32BE(0)).toBe(2049)
    expect(readIdx(images).shape).toEqual([100, 28, 28])
    expect(readIdx(labels).shape).toEqual([100])
  })

  test('holds 10 digits of each class, interleaved 0..9', () => {
    const { labels } = loadMnist()
    expect(labels.dtype).toBe('int64')
    expect(Array.from(labels.data)).toEqual(Array.from({ length: 100 }, (_, i) => i % 10))
  })

  test('looks like MNIST: ink in [0, 1], blank borders, mean near MNIST\'s 0.1307', () => {
    const { images } = loadMnist()
    expect(images.dtype).toBe('float32')
    expect(images.shape).toEqual([100, 28, 28])
    const px = images.data
    let sum = 0
    for (let i = 0; i < px.length; i++) {
      expect(px[i]).toBeGreaterThanOrEqual(0)
      expect(px[i]).toBeLessThanOrEqual(1)
      sum += px[i]!
    }
    const mean = sum / px.length
    expect(mean).toBeGreaterThan(0.09)
    expect(mean).toBeLessThan(0.18)
    let borderInk = 0
    for (let k = 0; k < 100; k++) {
      // MNIST centres each digit in a 20x20 box: the outermost rows and columns carry (almost) no ink.
      for (let j = 0; j < 28; j++) {
        for (const p of [j, 27 * 28 + j, j * 28, j * 28 + 27]) borderInk += px[k * 784 + p]! > 0 ? 1 : 0
      }
      let ink = 0
      for (let p = 0; p < 784; p++) ink += px[k * 784 + p]! > 0.5 ? 1 : 0
      expect(ink).toBeGreaterThan(20)
    }
    expect(borderInk).toBeLessThan(100 * 112 * 0.01)
  })

  test('pixels are bytes / 255 rounded to float32, as ToTensor makes them', () => {
    const raw = readIdx(readFileSync(mnistSubsetFiles.images)).data
    const { images } = loadMnist()
    for (let i = 0; i < raw.length; i += 97) expect(images.data[i]).toBe(Math.fround(raw[i]! / 255))
  })
})

describe('loadMnist on other files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'descent-mnist-'))
  const write = (name: string, bytes: Uint8Array) => {
    const path = join(dir, name)
    writeFileSync(path, bytes)
    return path
  }

  test('reads any IDX pair of the MNIST layout', () => {
    const images = write('i', writeIdx({ dtype: 'uint8', shape: [2, 2, 2], data: [0, 255, 51, 0, 1, 2, 3, 4] }))
    const labels = write('l', writeIdx({ dtype: 'uint8', shape: [2], data: [7, 3] }))
    const out = loadMnist({ images, labels })
    expect(out.images.shape).toEqual([2, 2, 2])
    expect(Array.from(out.images.data.subarray(0, 3))).toEqual([0, 1, Math.fround(0.2)])
    expect(Array.from(out.labels.data)).toEqual([7, 3])
  })

  test('rejects swapped files and count mismatches', () => {
    const images = write('i2', writeIdx({ dtype: 'uint8', shape: [2, 1, 1], data: [0, 1] }))
    const labels = write('l2', writeIdx({ dtype: 'uint8', shape: [3], data: [0, 1, 2] }))
    expect(() => loadMnist({ images: labels, labels: images })).toThrow(
      'loadMnist: images must be a 3-d uint8 IDX file, got 1-d uint8 [3]',
    )
    expect(() => loadMnist({ images, labels })).toThrow('loadMnist: 2 images but 3 labels')
    const floats = write('f', writeIdx({ dtype: 'float32', shape: [2], data: [0, 1] }))
    expect(() => loadMnist({ images, labels: floats })).toThrow(
      'loadMnist: labels must be a 1-d uint8 IDX file, got 1-d float32 [2]',
    )
  })
})
