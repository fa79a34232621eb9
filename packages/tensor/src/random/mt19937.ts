// The 32-bit Mersenne Twister shared by PyTorch's CPUGeneratorImpl and NumPy's legacy RandomState.

const N = 624
const M = 397
const MATRIX_A = 0x9908b0df
const UPPER = 0x80000000
const LOWER = 0x7fffffff

/** The raw engine: 624 words of state and the position of the next word to temper. */
export class MT19937 {
  readonly key = new Uint32Array(N)
  /** Index of the next state word; N means "twist before the next draw" (NumPy's `pos`). */
  pos = N

  /** Knuth's linear seeding (`init_genrand`): PyTorch's `mt19937(seed)` and NumPy's `mt19937_seed`. */
  seed(seed: number): this {
    const key = this.key
    key[0] = seed >>> 0
    for (let i = 1; i < N; i++) {
      const prev = key[i - 1]! ^ (key[i - 1]! >>> 30)
      // 1812433253 * prev overflows 2^53, so multiply in two 16-bit halves.
      key[i] = (Math.imul(1812433253, prev) + i) >>> 0
    }
    this.pos = N
    return this
  }

  /** Matsumoto and Nishimura's `init_by_array`: NumPy's seeding from an array of 32-bit words. */
  seedByArray(initKey: ArrayLike<number>): this {
    this.seed(19650218)
    const mt = this.key
    const len = initKey.length
    let i = 1
    let j = 0
    for (let k = Math.max(N, len); k > 0; k--) {
      const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30)
      mt[i] = ((mt[i]! ^ Math.imul(prev, 1664525)) + (initKey[j]! >>> 0) + j) >>> 0
      i++
      j++
      if (i >= N) {
        mt[0] = mt[N - 1]!
        i = 1
      }
      if (j >= len) j = 0
    }
    for (let k = N - 1; k > 0; k--) {
      const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30)
      mt[i] = ((mt[i]! ^ Math.imul(prev, 1566083941)) - i) >>> 0
      i++
      if (i >= N) {
        mt[0] = mt[N - 1]!
        i = 1
      }
    }
    mt[0] = 0x80000000
    this.pos = N
    return this
  }

  private twist(): void {
    const mt = this.key
    let k = 0
    for (; k < N - M; k++) {
      const y = (mt[k]! & UPPER) | (mt[k + 1]! & LOWER)
      mt[k] = mt[k + M]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0)
    }
    for (; k < N - 1; k++) {
      const y = (mt[k]! & UPPER) | (mt[k + 1]! & LOWER)
      mt[k] = mt[k + M - N]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0)
    }
    const y = (mt[N - 1]! & UPPER) | (mt[0]! & LOWER)
    mt[N - 1] = mt[M - 1]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0)
    this.pos = 0
  }

  /** The next tempered 32-bit output, as an unsigned number. */
  nextUint32(): number {
    if (this.pos >= N) this.twist()
    let y = this.key[this.pos++]!
    y ^= y >>> 11
    y ^= (y << 7) & 0x9d2c5680
    y ^= (y << 15) & 0xefc60000
    y ^= y >>> 18
    return y >>> 0
  }

  /** Copies state and position from another engine. */
  copyFrom(other: MT19937): this {
    this.key.set(other.key)
    this.pos = other.pos
    return this
  }
}

export const MT_STATE_SIZE = N
