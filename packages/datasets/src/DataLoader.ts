import type { Generator } from '@descent/tensor'
import { PyTorchTypeError, ValueError } from '@descent/tensor'
import { type Collated, defaultCollate } from './collate.js'
import { type DatasetLike, datasetLength, getItem } from './Dataset.js'
import { BatchSampler, RandomSampler, SequentialSampler, drawSeed } from './samplers.js'

export interface DataLoaderOptions<T, B> {
  /** Samples per batch (default 1); `null` turns batching off and yields samples one by one. */
  batchSize?: number | null
  /** Reshuffle every epoch, through `generator` (or the default generator) exactly as PyTorch does. */
  shuffle?: boolean
  /** The order of indices; mutually exclusive with `shuffle`. */
  sampler?: Iterable<number> & { length?: number }
  /** Lists of indices, one per batch; mutually exclusive with batchSize, shuffle, sampler and dropLast. */
  batchSampler?: Iterable<number[]> & { length?: number }
  /** Drop the last batch when it is short. */
  dropLast?: boolean
  /** Turns a list of samples into a batch (default `defaultCollate`); with `batchSize: null` it gets each sample alone, as in PyTorch. */
  collateFn?: (samples: T[]) => B
  /** The generator shuffles and the per-epoch base seed draw from. */
  generator?: Generator
}

/**
 * Iterates a dataset in batches with `for…of`: the same batches, in the same order, as torch 1.13's
 * `DataLoader` (num_workers=0) for the same seed, including the generator draws PyTorch makes each epoch.
 * See https://pytorch.org/docs/1.13/data.html#torch.utils.data.DataLoader
 *
 * ```ts
 * const loader = new DataLoader(new TensorDataset(x, y), { batchSize: 4, shuffle: true, generator })
 * for (const [xb, yb] of loader) step(xb, yb)
 * ```
 */
export class DataLoader<T, B = Collated<T>> implements Iterable<B> {
  readonly dataset: DatasetLike<T>
  readonly batchSize: number | null
  readonly dropLast: boolean
  readonly generator: Generator | undefined
  readonly sampler: Iterable<number> & { length?: number }
  readonly batchSampler: (Iterable<number[]> & { length?: number }) | null
  readonly collateFn: (samples: T[]) => B

  constructor(dataset: DatasetLike<T>, options: DataLoaderOptions<T, B> = {}) {
    const { shuffle = false, dropLast = false, generator } = options
    let { batchSize = 1, sampler, batchSampler } = options
    // PyTorch's argument checks, in PyTorch's order and words.
    if (sampler !== undefined && shuffle) throw new ValueError('sampler option is mutually exclusive with shuffle')
    if (batchSampler !== undefined) {
      if (batchSize !== 1 || shuffle || sampler !== undefined || dropLast) {
        throw new ValueError(
          'batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last',
        )
      }
      batchSize = null
    } else if (batchSize === null && dropLast) {
      throw new ValueError('batch_size=None option disables auto-batching and is mutually exclusive with drop_last')
    }
    if (sampler === undefined) {
      sampler = shuffle ? new RandomSampler(dataset, { generator }) : new SequentialSampler(dataset)
    }
    if (batchSize !== null && batchSampler === undefined) batchSampler = new BatchSampler(sampler, batchSize, dropLast)
    this.dataset = dataset
    this.batchSize = batchSize
    this.dropLast = dropLast
    this.generator = generator
    this.sampler = sampler
    this.batchSampler = batchSampler ?? null
    this.collateFn =
      options.collateFn ??
      (batchSampler === undefined
        ? // Without batching PyTorch applies default_convert, which leaves tensors and numbers as they are.
          (((sample: unknown) => sample) as (samples: T[]) => B)
        : (defaultCollate as unknown as (samples: T[]) => B))
  }

  /** Starts an epoch. Like PyTorch, this draws a base seed from the generator (or the default one) first. */
  [Symbol.iterator](): Iterator<B> {
    drawSeed(this.generator)
    return this.batches()
  }

  private *batches(): Iterator<B> {
    const { dataset, collateFn } = this
    if (this.batchSampler === null) {
      // Without batching PyTorch hands each sample itself (not a list of one) to collate_fn.
      for (const i of this.sampler) yield collateFn(getItem(dataset, i) as unknown as T[])
      return
    }
    for (const indices of this.batchSampler) yield collateFn(indices.map((i) => getItem(dataset, i)))
  }

  /** The number of batches an epoch yields. */
  get length(): number {
    if (this.batchSampler !== null) {
      const n = this.batchSampler.length
      // Python's len() of an object without __len__.
      if (n === undefined) throw new PyTorchTypeError(`object of type '${this.batchSampler.constructor.name}' has no len()`)
      return n
    }
    return this.sampler.length ?? datasetLength(this.dataset)
  }
}
