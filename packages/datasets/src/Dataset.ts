import { ValueError } from '@descent/tensor'
import { rowCount, rowOf, type Rowed } from './internal/tensors.js'

/**
 * A map-style dataset: `getItem(index)` returns one sample and `length` counts them, like
 * `torch.utils.data.Dataset`'s `__getitem__` and `__len__`.
 * See https://pytorch.org/docs/1.13/data.html#torch.utils.data.Dataset
 *
 * ```ts
 * class Squares extends Dataset<number> { get length() { return 10 }; getItem(i: number) { return i * i } }
 * new DataLoader(new Squares(), { batchSize: 4 })
 * ```
 */
export abstract class Dataset<T> {
  abstract getItem(index: number): T
  abstract get length(): number
}

/** Anything a DataLoader can read samples from: a Dataset or a plain array (as PyTorch accepts a list or range). */
export type DatasetLike<T> = Dataset<T> | readonly T[]

/** Reads sample `index` from a Dataset (or any object with a `getItem` method) or an array. */
export function getItem<T>(dataset: DatasetLike<T>, index: number): T {
  const ds = dataset as Partial<Dataset<T>>
  return typeof ds.getItem === 'function' ? ds.getItem(index) : (dataset as readonly T[])[index]!
}

/** The number of samples of a Dataset or an array. */
export function datasetLength(dataset: DatasetLike<unknown>): number {
  return dataset.length
}

/**
 * A dataset of tensors (NDArrays or autograd Tensors) sharing their first dimension; sample `i` is the tuple of
 * their rows `i`, like `torch.utils.data.TensorDataset`.
 * See https://pytorch.org/docs/1.13/data.html#torch.utils.data.TensorDataset
 *
 * ```ts
 * const ds = new TensorDataset(x, y)
 * const [xi, yi] = ds.getItem(0)
 * ```
 */
export class TensorDataset<Ts extends Rowed[]> extends Dataset<Ts> {
  readonly tensors: Ts

  constructor(...tensors: Ts) {
    super()
    if (tensors.length > 0) {
      const n = rowCount(tensors[0]!)
      // PyTorch asserts this with the same words.
      if (!tensors.every((t) => rowCount(t) === n)) throw new ValueError('Size mismatch between tensors')
    }
    this.tensors = tensors
  }

  getItem(index: number): Ts {
    return this.tensors.map((t) => rowOf(t, index)) as Ts
  }

  get length(): number {
    return this.tensors.length === 0 ? 0 : rowCount(this.tensors[0]!)
  }
}
