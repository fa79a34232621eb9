import { type Generator, ValueError, randperm, warn } from '@descent/tensor'
import { Dataset, type DatasetLike, datasetLength, getItem } from './Dataset.js'

/**
 * The samples of a dataset at the given indices, in that order, like `torch.utils.data.Subset`.
 * See https://pytorch.org/docs/1.13/data.html#torch.utils.data.Subset
 *
 * ```ts
 * const evens = new Subset(dataset, [0, 2, 4])
 * evens.getItem(1) // dataset.getItem(2)
 * ```
 */
export class Subset<T> extends Dataset<T> {
  constructor(
    readonly dataset: DatasetLike<T>,
    readonly indices: readonly number[],
  ) {
    super()
  }

  getItem(index: number): T {
    // Python's list indexing: negative indices count from the end.
    return getItem(this.dataset, this.indices[index < 0 ? index + this.indices.length : index]!)
  }

  get length(): number {
    return this.indices.length
  }
}

// math.isclose with its default rel_tol = 1e-9.
const isClose = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b))

/**
 * Splits a dataset into non-overlapping Subsets of the given lengths (or fractions summing to 1) through one
 * `randperm`, exactly as torch 1.13's `random_split`, so a seeded generator gives PyTorch's subsets.
 * See https://pytorch.org/docs/1.13/data.html#torch.utils.data.random_split
 *
 * ```ts
 * const [train, val] = randomSplit(range(10), [0.8, 0.2], { generator: new Generator().manualSeed(42) })
 * train.indices // torch's indices for seed 42
 * ```
 */
export function randomSplit<T>(
  dataset: DatasetLike<T>,
  lengths: readonly number[],
  options: { generator?: Generator } = {},
): Subset<T>[] {
  const n = datasetLength(dataset)
  let sizes = [...lengths]
  const total = sizes.reduce((a, b) => a + b, 0)
  if (isClose(total, 1) && total <= 1) {
    sizes = lengths.map((frac, i) => {
      if (frac < 0 || frac > 1) throw new ValueError(`Fraction at index ${i} is not between 0 and 1`)
      return Math.floor(n * frac)
    })
    // Hand out what flooring left over, one each, round-robin from the first split.
    const remainder = n - sizes.reduce((a, b) => a + b, 0)
    for (let i = 0; i < remainder; i++) sizes[i % sizes.length]!++
    sizes.forEach((size, i) => {
      if (size === 0) warn(`Length of split at index ${i} is 0. This might result in an empty dataset.`)
    })
  }
  const sum = sizes.reduce((a, b) => a + b, 0)
  if (sum !== n) throw new ValueError('Sum of input lengths does not equal the length of the input dataset!')
  const indices = Array.from(randperm(sum, { generator: options.generator }).data)
  let offset = 0
  return sizes.map((size) => new Subset(dataset, indices.slice(offset, (offset += size))))
}
