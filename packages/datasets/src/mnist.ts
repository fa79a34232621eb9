import { readFileSync } from 'node:fs'
import { NDArray, ValueError } from '@descent/tensor'
import { readIdx } from './idx.js'

/** The committed IDX files of the MNIST subset (100 real digits, 10 of each class, interleaved 0..9). */
export const mnistSubsetFiles = {
  images: new URL('../data/mnist/subset-images-idx3-ubyte', import.meta.url),
  labels: new URL('../data/mnist/subset-labels-idx1-ubyte', import.meta.url),
}

/**
 * Reads MNIST-style IDX image and label files into NDArrays: images float32 [n, 28, 28] scaled to [0, 1] as
 * torchvision's `ToTensor` does, labels int64 [n]; by default the 100 real digits committed with this package.
 * See https://pytorch.org/vision/0.14/generated/torchvision.datasets.MNIST.html
 *
 * ```ts
 * const { images, labels } = loadMnist()
 * images.shape // [100, 28, 28]
 * ```
 */
export function loadMnist(files: { images: string | URL; labels: string | URL } = mnistSubsetFiles): {
  images: NDArray
  labels: NDArray
} {
  const images = readIdx(readFileSync(files.images))
  const labels = readIdx(readFileSync(files.labels))
  if (images.dtype !== 'uint8' || images.shape.length !== 3) {
    throw new ValueError(
      `loadMnist: images must be a 3-d uint8 IDX file, got ${images.shape.length}-d ${images.dtype} [${images.shape.join(', ')}]`,
    )
  }
  if (labels.dtype !== 'uint8' || labels.shape.length !== 1) {
    throw new ValueError(
      `loadMnist: labels must be a 1-d uint8 IDX file, got ${labels.shape.length}-d ${labels.dtype} [${labels.shape.join(', ')}]`,
    )
  }
  if (images.shape[0] !== labels.shape[0]) {
    throw new ValueError(`loadMnist: ${images.shape[0]} images but ${labels.shape[0]} labels`)
  }
  const pixels = new Float32Array(images.data.length)
  // ToTensor divides the byte by 255 in float32.
  for (let i = 0; i < pixels.length; i++) pixels[i] = images.data[i]! / 255
  return {
    images: new NDArray(pixels, images.shape, 'float32'),
    labels: new NDArray(Float64Array.from(labels.data), labels.shape, 'int64'),
  }
}
