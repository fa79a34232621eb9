import { Generator, PyTorchTypeError, ValueError, randint, randperm } from '@descent/tensor'
import { type DatasetLike, datasetLength } from './Dataset.js'

/** Draws what torch's `torch.empty((), dtype=torch.int64).random_(generator=g)` draws, keeping its low 32 bits. */
export function drawSeed(generator?: Generator): number {
  // random_() on int64 takes one 64-bit draw; randint over [0, 2^32) takes the same draw and returns its low 32
  // bits, which are all that manual_seed keeps (mt19937 seeds from seed & 0xffffffff).
  return randint(0, 2 ** 32, [1], { generator }).data[0]!
}

/**
 * Yields `0, 1, ..., n - 1` in order, like `torch.utils.data.SequentialSampler`.
 * See https://pytorch.org/docs/1.13/data.html#torch.utils.data.SequentialSampler
 *
 * ```ts
 * [...new SequentialSampler([10, 20, 30])] // [0, 1, 2]
 * ```
 */
export class SequentialSampler implements Iterable<number> {
  constructor(readonly dataSource: DatasetLike<unknown>) {}

  *[Symbol.iterator](): Iterator<number> {
    const n = datasetLength(this.dataSource)
    for (let i = 0; i < n; i++) yield i
  }

  get length(): number {
    return datasetLength(this.dataSource)
  }
}

/**
 * Yields the dataset's indices in a random order drawn exactly as torch 1.13's `RandomSampler` draws it
 * (`torch.randperm` from the generator, or from a fresh generator seeded from the default one), so a seed gives
 * PyTorch's order; with `replacement`, draws `randint` in chunks of 32 as PyTorch does.
 * See https://pytorch.org/docs/1.13/data.html#torch.utils.data.RandomSampler
 *
 * ```ts
 * const sampler = new RandomSampler(dataset, { generator: new Generator().manualSeed(0) })
 * [...sampler] // torch's order for seed 0
 * ```
 */
export class RandomSampler implements Iterable<number> {
  readonly replacement: boolean
  readonly generator: Generator | undefined
  private readonly _numSamples: number | undefined

  constructor(
    readonly dataSource: DatasetLike<unknown>,
    options: { replacement?: boolean; numSamples?: number; generator?: Generator } = {},
  ) {
    const { replacement = false, numSamples, generator } = options
    if (typeof replacement !== 'boolean') {
      throw new PyTorchTypeError(`replacement should be a boolean value, but got replacement=${String(replacement)}`)
    }
    this.replacement = replacement
    this._numSamples = numSamples
    this.generator = generator
    const n = this.numSamples
    if (!Number.isInteger(n) || n <= 0) {
      throw new ValueError(`num_samples should be a positive integer value, but got num_samples=${n}`)
    }
  }

  /** The number of indices one pass yields (the dataset's length unless `numSamples` was given). */
  get numSamples(): number {
    return this._numSamples ?? datasetLength(this.dataSource)
  }

  *[Symbol.iterator](): Iterator<number> {
    const n = datasetLength(this.dataSource)
    let generator = this.generator
    if (generator === undefined) {
      generator = new Generator()
      generator.manualSeed(drawSeed())
    }
    const numSamples = this.numSamples
    if (this.replacement) {
      for (let k = 0; k < Math.floor(numSamples / 32); k++) yield* randint(0, n, [32], { generator }).data
      yield* randint(0, n, [numSamples % 32], { generator }).data
    } else {
      for (let k = 0; k < Math.floor(numSamples / n); k++) yield* randperm(n, { generator }).data
      // PyTorch draws this last permutation even when numSamples % n is 0; the draw moves the generator on.
      yield* randperm(n, { generator }).data.subarray(0, numSamples % n)
    }
  }

  get length(): number {
    return this.numSamples
  }
}

/**
 * Groups another sampler's indices into lists of `batchSize`, keeping or dropping the short last one, like
 * `torch.utils.data.BatchSampler`.
 * See https://pytorch.org/docs/1.13/data.html#torch.utils.data.BatchSampler
 *
 * ```ts
 * [...new BatchSampler(new SequentialSampler(range10), 3, false)] // [[0,1,2],[3,4,5],[6,7,8],[9]]
 * ```
 */
export class BatchSampler implements Iterable<number[]> {
  constructor(
    readonly sampler: Iterable<number> & { length?: number },
    readonly batchSize: number,
    readonly dropLast: boolean,
  ) {
    if (typeof batchSize !== 'number' || !Number.isInteger(batchSize) || batchSize <= 0) {
      throw new ValueError(`batch_size should be a positive integer value, but got batch_size=${String(batchSize)}`)
    }
    if (typeof dropLast !== 'boolean') {
      throw new ValueError(`drop_last should be a boolean value, but got drop_last=${String(dropLast)}`)
    }
  }

  *[Symbol.iterator](): Iterator<number[]> {
    let batch: number[] = []
    for (const i of this.sampler) {
      batch.push(i)
      if (batch.length === this.batchSize) {
        yield batch
        batch = []
      }
    }
    if (batch.length > 0 && !this.dropLast) yield batch
  }

  get length(): number {
    const n = this.sampler.length
    if (n === undefined) throw new PyTorchTypeError(`object of type '${this.sampler.constructor.name}' has no len()`)
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize)
  }
}
