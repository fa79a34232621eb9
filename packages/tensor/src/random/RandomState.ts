import { NDArray, allocate, shapeSize } from '../NDArray.js'
import { IndexError, ValueError } from '../errors.js'
import { glibcLog } from './glibcLog.js'
import { MT19937 } from './mt19937.js'

/** A size argument as NumPy takes it: an int or a shape. */
export type RandomStateSize = number | readonly number[]

/** A snapshot of a RandomState, NumPy's `get_state()` tuple as an object. */
export interface RandomStateState {
  /** Always 'MT19937'. */
  readonly algorithm: 'MT19937'
  readonly key: Uint32Array
  readonly pos: number
  /** Whether the polar method's second value is waiting, and that value. */
  readonly hasGauss: boolean
  readonly cachedGaussian: number
}

const TWO_32 = 4294967296

function toShape(size: RandomStateSize): number[] {
  const dims = typeof size === 'number' ? [size] : [...size]
  for (const d of dims) if (!Number.isInteger(d) || d < 0) throw new ValueError('negative dimensions are not allowed')
  return dims
}

/** The smallest 2^k - 1 covering `max` (NumPy's gen_mask), for max < 2^32. */
function mask32(max: number): number {
  let m = max
  m |= m >>> 1
  m |= m >>> 2
  m |= m >>> 4
  m |= m >>> 8
  m |= m >>> 16
  return m >>> 0
}

/**
 * NumPy's legacy `np.random.RandomState`: MT19937 seeded as `np.random.seed`, and the legacy samplers (53-bit
 * doubles, the polar normal with its cached second value, masked rejection for integers), so a seed gives
 * NumPy 1.24's numbers. Methods return a plain number when `size` is omitted, as NumPy returns a scalar, and a
 * float64 (or int64) NDArray otherwise.
 *
 * https://numpy.org/doc/1.24/reference/random/legacy.html
 * @example
 * const rs = new RandomState(0)
 * rs.rand(3) // array([0.5488135 , 0.71518937, 0.60276338])
 */
export class RandomState {
  private readonly mt = new MT19937()
  private hasGauss = false
  private gauss = 0

  constructor(seed?: number | readonly number[]) {
    this.seed(seed)
  }

  /**
   * Reseeds like `RandomState.seed`: an int in [0, 2^32) seeds Knuth-style, an array of them through init_by_array,
   * nothing from the operating system.
   */
  seed(seed?: number | readonly number[]): void {
    if (seed === undefined) {
      const words = new Uint32Array(624)
      globalThis.crypto.getRandomValues(words)
      this.mt.seedByArray(words)
    } else if (typeof seed === 'number') {
      if (!Number.isInteger(seed)) throw new TypeError('Cannot cast scalar from dtype(\'float64\') to dtype(\'int64\') according to the rule \'safe\'')
      if (seed < 0 || seed >= TWO_32) throw new ValueError('Seed must be between 0 and 2**32 - 1')
      this.mt.seed(seed)
    } else {
      if (seed.length === 0) throw new ValueError('Seed must be non-empty')
      for (const s of seed) {
        if (!Number.isInteger(s)) throw new TypeError('Cannot cast array data from dtype(\'float64\') to dtype(\'int64\') according to the rule \'safe\'')
        if (s < 0 || s >= TWO_32) throw new ValueError('Seed must be between 0 and 2**32 - 1')
      }
      this.mt.seedByArray(seed)
    }
    this.hasGauss = false
    this.gauss = 0
  }

  /** The state, like `get_state()`. */
  getState(): RandomStateState {
    return { algorithm: 'MT19937', key: this.mt.key.slice(), pos: this.mt.pos, hasGauss: this.hasGauss, cachedGaussian: this.gauss }
  }

  /** Restores a state from `getState()`, like `set_state()`. */
  setState(state: RandomStateState): void {
    if (state.key.length !== 624) throw new ValueError('state must be 624 elements')
    this.mt.key.set(state.key)
    this.mt.pos = state.pos
    this.hasGauss = state.hasGauss
    this.gauss = state.cachedGaussian
  }

  /** mt19937_next_double: 27 + 26 random bits. */
  private nextDouble(): number {
    const a = this.mt.nextUint32() >>> 5
    const b = this.mt.nextUint32() >>> 6
    return (a * 67108864 + b) / 9007199254740992
  }

  /** legacy_gauss: Marsaglia's polar method, keeping the second value for the next call. */
  private nextGauss(): number {
    if (this.hasGauss) {
      const g = this.gauss
      this.hasGauss = false
      this.gauss = 0
      return g
    }
    let x1: number
    let x2: number
    let r2: number
    do {
      x1 = 2 * this.nextDouble() - 1
      x2 = 2 * this.nextDouble() - 1
      r2 = x1 * x1 + x2 * x2
    } while (r2 >= 1 || r2 === 0)
    const f = Math.sqrt((-2 * glibcLog(r2)) / r2)
    this.gauss = f * x1
    this.hasGauss = true
    return f * x2
  }

  /** 64 random bits as a bigint, high word drawn first (mt19937_next64). */
  private nextUint64(): bigint {
    const hi = this.mt.nextUint32()
    const lo = this.mt.nextUint32()
    return (BigInt(hi) << 32n) | BigInt(lo)
  }

  /** random_interval: a uniform integer in [0, max] by masked rejection. */
  private interval(max: number): number {
    if (max === 0) return 0
    if (max < TWO_32) {
      const mask = mask32(max)
      let v: number
      while ((v = (this.mt.nextUint32() & mask) >>> 0) > max);
      return v
    }
    const m = BigInt(max)
    let mask = m
    for (const s of [1n, 2n, 4n, 8n, 16n, 32n]) mask |= mask >> s
    let v: bigint
    while ((v = this.nextUint64() & mask) > m);
    return Number(v)
  }

  private fill(size: RandomStateSize | undefined, draw: () => number): number | NDArray {
    if (size === undefined) return draw()
    const dims = toShape(size)
    const out = new NDArray(allocate('float64', shapeSize(dims)), dims, 'float64')
    const data = out.data
    for (let i = 0; i < data.length; i++) data[i] = draw()
    return out
  }

  /**
   * Uniform doubles in [0, 1), like `RandomState.random_sample(size)`.
   *
   * https://numpy.org/doc/1.24/reference/random/generated/numpy.random.RandomState.random_sample.html
   * @example
   * new RandomState(0).randomSample([2]) // array([0.5488135 , 0.71518937])
   */
  randomSample(): number
  randomSample(size: RandomStateSize): NDArray
  randomSample(size?: RandomStateSize): number | NDArray {
    return this.fill(size, () => this.nextDouble())
  }

  /**
   * Uniform doubles in [0, 1) with the shape given as arguments, like `RandomState.rand(d0, d1, ...)`.
   *
   * https://numpy.org/doc/1.24/reference/random/generated/numpy.random.RandomState.rand.html
   * @example
   * new RandomState(0).rand(2, 2) // array([[0.5488135 , 0.71518937], [0.60276338, 0.54488318]])
   */
  rand(): number
  rand(...shape: number[]): NDArray
  rand(...shape: number[]): number | NDArray {
    return this.fill(shape.length === 0 ? undefined : shape, () => this.nextDouble())
  }

  /**
   * Standard normal doubles, like `RandomState.standard_normal(size)` (the legacy polar method).
   *
   * https://numpy.org/doc/1.24/reference/random/generated/numpy.random.RandomState.standard_normal.html
   * @example
   * new RandomState(0).standardNormal(2) // array([1.76405235, 0.40015721])
   */
  standardNormal(): number
  standardNormal(size: RandomStateSize): NDArray
  standardNormal(size?: RandomStateSize): number | NDArray {
    return this.fill(size, () => this.nextGauss())
  }

  /**
   * Standard normal doubles with the shape given as arguments, like `RandomState.randn(d0, d1, ...)`.
   *
   * https://numpy.org/doc/1.24/reference/random/generated/numpy.random.RandomState.randn.html
   * @example
   * new RandomState(0).randn(2) // array([1.76405235, 0.40015721])
   */
  randn(): number
  randn(...shape: number[]): NDArray
  randn(...shape: number[]): number | NDArray {
    return this.fill(shape.length === 0 ? undefined : shape, () => this.nextGauss())
  }

  /**
   * Normal doubles with mean `loc` and standard deviation `scale`, like `RandomState.normal` (loc + scale * gauss).
   *
   * https://numpy.org/doc/1.24/reference/random/generated/numpy.random.RandomState.normal.html
   * @example
   * new RandomState(0).normal(10, 2, 2) // array([13.52810469, 10.80031442])
   */
  normal(loc?: number, scale?: number): number
  normal(loc: number, scale: number, size: RandomStateSize): NDArray
  normal(loc = 0, scale = 1, size?: RandomStateSize): number | NDArray {
    if (scale < 0) throw new ValueError('scale < 0')
    return this.fill(size, () => loc + scale * this.nextGauss())
  }

  /**
   * Uniform doubles in [low, high), like `RandomState.uniform` (low + (high - low) * u).
   *
   * https://numpy.org/doc/1.24/reference/random/generated/numpy.random.RandomState.uniform.html
   * @example
   * new RandomState(0).uniform(-1, 1, 2) // array([0.09762701, 0.43037873])
   */
  uniform(low?: number, high?: number): number
  uniform(low: number, high: number, size: RandomStateSize): NDArray
  uniform(low = 0, high = 1, size?: RandomStateSize): number | NDArray {
    const range = high - low
    if (!Number.isFinite(range)) throw new RangeError('Range exceeds valid bounds')
    return this.fill(size, () => low + range * this.nextDouble())
  }

  /**
   * Integers in [low, high), like `RandomState.randint` (int64; masked rejection sampling). With one bound, draws
   * from [0, low). Bounds must be integers within ±2^53.
   *
   * https://numpy.org/doc/1.24/reference/random/generated/numpy.random.RandomState.randint.html
   * @example
   * new RandomState(0).randint(0, 10, 5) // array([5, 0, 3, 3, 7])
   */
  randint(low: number, high?: number): number
  randint(low: number, high: number | undefined, size: RandomStateSize): NDArray
  randint(low: number, high?: number, size?: RandomStateSize): number | NDArray {
    const oneBound = high === undefined
    if (high === undefined) {
      high = low
      low = 0
    }
    if (!isExactInteger(low) || !isExactInteger(high)) {
      throw new ValueError(`randint expects integer bounds within ±2^53, but got low=${low} and high=${high}`)
    }
    if (low >= high) throw new ValueError(oneBound ? 'high <= 0' : 'low >= high')
    const rng = high - 1 - low
    let draw: () => number
    if (rng === 0) draw = () => low
    else if (rng < 0xffffffff) {
      const mask = mask32(rng)
      draw = () => {
        let v: number
        while ((v = (this.mt.nextUint32() & mask) >>> 0) > rng);
        return low + v
      }
    } else if (rng === 0xffffffff) draw = () => low + this.mt.nextUint32()
    else draw = () => low + this.interval(rng)
    if (size === undefined) return draw()
    const dims = toShape(size)
    const out = new NDArray(allocate('int64', shapeSize(dims)), dims, 'int64')
    const data = out.data
    for (let i = 0; i < data.length; i++) data[i] = draw()
    return out
  }

  /**
   * Shuffles in place along the first axis, like `RandomState.shuffle` (Fisher-Yates from the end, masked draws).
   * Takes a JS array or an NDArray (whose rows are swapped).
   *
   * https://numpy.org/doc/1.24/reference/random/generated/numpy.random.RandomState.shuffle.html
   * @example
   * const xs = [1, 2, 3, 4]
   * new RandomState(0).shuffle(xs) // xs is now [3, 4, 2, 1], as NumPy's
   */
  shuffle(x: unknown[] | NDArray): void {
    if (Array.isArray(x)) {
      for (let i = x.length - 1; i > 0; i--) {
        const j = this.interval(i)
        const t = x[i]
        x[i] = x[j]
        x[j] = t
      }
      return
    }
    const a = x as NDArray
    if (a.ndim === 0) throw new TypeError('object of type \'numpy.int64\' has no len()')
    const n = a.shape[0]!
    const rowOffsets = rowElementOffsets(a)
    const data = a.data
    for (let i = n - 1; i > 0; i--) {
      const j = this.interval(i)
      const oi = a.offset + i * a.strides[0]!
      const oj = a.offset + j * a.strides[0]!
      for (const o of rowOffsets) {
        const t = data[oi + o]!
        data[oi + o] = data[oj + o]!
        data[oj + o] = t
      }
    }
  }

  /**
   * A shuffled copy, like `RandomState.permutation`: of 0..n-1 (int64) for a number, of an array's first axis
   * otherwise (a new JS array or NDArray).
   *
   * https://numpy.org/doc/1.24/reference/random/generated/numpy.random.RandomState.permutation.html
   * @example
   * new RandomState(0).permutation(5) // array([2, 0, 1, 3, 4])
   */
  permutation(x: number): NDArray
  permutation<T>(x: readonly T[]): T[]
  permutation(x: NDArray): NDArray
  permutation<T>(x: number | readonly T[] | NDArray): NDArray | T[] {
    if (typeof x === 'number') {
      if (!Number.isInteger(x) || x < 0) throw new ValueError('negative dimensions are not allowed')
      const out = new NDArray(allocate('int64', x), [x], 'int64')
      for (let i = 0; i < x; i++) out.data[i] = i
      this.shuffle(out)
      return out
    }
    if (Array.isArray(x)) {
      const copy = [...(x as readonly T[])]
      this.shuffle(copy)
      return copy
    }
    const a = x as NDArray
    if (a.ndim < 1) throw new IndexError('x must be an integer or at least 1-dimensional')
    const copy = new NDArray(allocate(a.dtype, a.size), [...a.shape], a.dtype)
    const src = rowElementOffsets(a)
    const rows = a.shape[0]!
    let k = 0
    for (let r = 0; r < rows; r++) for (const o of src) copy.data[k++] = a.data[a.offset + r * a.strides[0]! + o]!
    this.shuffle(copy)
    return copy
  }
}

/** Offsets, relative to a row's start, of the elements of one row (all axes but the first) in C order. */
function rowElementOffsets(a: NDArray): number[] {
  let offsets = [0]
  for (let d = 1; d < a.ndim; d++) {
    const next: number[] = []
    for (const o of offsets) for (let i = 0; i < a.shape[d]!; i++) next.push(o + i * a.strides[d]!)
    offsets = next
  }
  return offsets
}

/** An integer a double holds exactly, with its neighbours: |x| <= 2^53. */
function isExactInteger(x: number): boolean {
  return Number.isInteger(x) && Math.abs(x) <= 9007199254740992
}
