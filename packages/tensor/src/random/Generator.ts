import { RuntimeError, ValueError } from '../errors.js'
import { MT19937 } from './mt19937.js'

/** PyTorch's `default_rng_seed_val`: the seed of a Generator nobody seeded. */
const DEFAULT_SEED = 67280421310721n
const TWO_64 = 1n << 64n
const TWO_63 = 1n << 63n

/** A snapshot of a Generator, from `getState()`: plain data that `setState()` restores. */
export interface GeneratorState {
  /** The 64-bit seed `initialSeed()` reports. */
  readonly seed: bigint
  /** The 624 Mersenne Twister words. */
  readonly key: Uint32Array
  /** Index of the next word to temper (624: twist first). */
  readonly pos: number
  /** The second Box-Muller value PyTorch caches for its next scalar normal draw, or null. */
  readonly nextDoubleNormal: number | null
}

/** Reads a seed the way PyTorch's `Generator.manual_seed` does: unsigned 64-bit, or signed 64-bit as two's complement. */
function toSeed(seed: number | bigint): bigint {
  let s: bigint
  if (typeof seed === 'bigint') s = seed
  else if (Number.isInteger(seed)) s = BigInt(seed)
  else throw new RuntimeError(`manual_seed expected a long, but got ${seed}`)
  if (s >= TWO_64 || s < -TWO_63) throw new RuntimeError('Overflow when unpacking long')
  return s < 0n ? s + TWO_64 : s
}

/**
 * A torch-compatible CPU random generator: mt19937 seeded as PyTorch's CPUGeneratorImpl, so the same seed gives
 * PyTorch 1.13's draws.
 *
 * https://pytorch.org/docs/1.13/generated/torch.Generator.html
 * @example
 * const g = new Generator().manualSeed(42)
 * rand([3], { generator: g }) // tensor([0.8823, 0.9150, 0.3829]), as torch.rand(3, generator=g)
 */
export class Generator {
  /** @internal the engine; draws go through `random()` and `random64()`. */
  readonly engine = new MT19937()
  private initial = DEFAULT_SEED
  /** @internal PyTorch's cached second value of its scalar Box-Muller transform (`next_double_normal_sample_`). */
  nextDoubleNormal: number | null = null

  constructor() {
    this.manualSeed(DEFAULT_SEED)
  }

  /** Seeds the generator (any integer in [-2^63, 2^64)); mt19937 takes the low 32 bits, as PyTorch's does. */
  manualSeed(seed: number | bigint): this {
    const s = toSeed(seed)
    this.initial = s
    this.nextDoubleNormal = null
    this.engine.seed(Number(s & 0xffffffffn))
    return this
  }

  /** Seeds from a nondeterministic 64-bit value and returns it, like `Generator.seed()`. */
  seed(): bigint {
    const words = new Uint32Array(2)
    globalThis.crypto.getRandomValues(words)
    const s = (BigInt(words[0]!) << 32n) | BigInt(words[1]!)
    this.manualSeed(s)
    return s
  }

  /** The seed last set, as an unsigned 64-bit integer (negative seeds read back as their two's complement). */
  initialSeed(): bigint {
    return this.initial
  }

  /** A copy of the whole state; `setState` restores it, so the same draws follow. */
  getState(): GeneratorState {
    return {
      seed: this.initial,
      key: this.engine.key.slice(),
      pos: this.engine.pos,
      nextDoubleNormal: this.nextDoubleNormal,
    }
  }

  /** Restores a state from `getState()`. */
  setState(state: GeneratorState): this {
    if (state.key.length !== 624 || !(state.pos >= 0 && state.pos <= 624) || !Number.isInteger(state.pos)) {
      throw new ValueError('setState expects a state from Generator.getState(): 624 key words and a position in [0, 624]')
    }
    this.initial = toSeed(state.seed)
    this.engine.key.set(state.key)
    this.engine.pos = state.pos
    this.nextDoubleNormal = state.nextDoubleNormal
    return this
  }

  /** @internal the next 32 random bits (`CPUGeneratorImpl::random`). */
  random(): number {
    return this.engine.nextUint32()
  }

  /** @internal 64 random bits as a bigint: the first 32-bit draw is the high half (`CPUGeneratorImpl::random64`). */
  random64(): bigint {
    const hi = this.engine.nextUint32()
    const lo = this.engine.nextUint32()
    return (BigInt(hi) << 32n) | BigInt(lo)
  }

  /** @internal a double in [0, 1) from the low 53 bits of `random64()`: `uniform_real_distribution<double>`. */
  randomDouble(): number {
    const hi = this.engine.nextUint32() & 0x1fffff
    const lo = this.engine.nextUint32()
    return (hi * 4294967296 + lo) * 1.1102230246251565e-16
  }

  /** @internal a float in [0, 1) from the low 24 bits of `random()`: `uniform_real_distribution<float>`. */
  randomFloat(): number {
    return (this.engine.nextUint32() & 0xffffff) * 5.9604644775390625e-8
  }
}

/**
 * The generator that module-level functions draw from when given none. Like PyTorch's, it starts from a
 * nondeterministic seed; `manualSeed(n)` makes it reproducible.
 */
export const defaultGenerator = new Generator()
defaultGenerator.seed()

/**
 * Seeds the default generator, like `torch.manual_seed`, and returns it.
 *
 * https://pytorch.org/docs/1.13/generated/torch.manual_seed.html
 * @example
 * manualSeed(0)
 * rand([2]) // tensor([0.4963, 0.7682])
 */
export function manualSeed(seed: number | bigint): Generator {
  return defaultGenerator.manualSeed(seed)
}

/**
 * The default generator's seed, like `torch.initial_seed`.
 *
 * https://pytorch.org/docs/1.13/generated/torch.initial_seed.html
 * @example
 * manualSeed(7)
 * initialSeed() // 7n
 */
export function initialSeed(): bigint {
  return defaultGenerator.initialSeed()
}

/**
 * Seeds the default generator nondeterministically and returns the seed, like `torch.seed`.
 *
 * https://pytorch.org/docs/1.13/generated/torch.seed.html
 * @example
 * const s = seed()
 * initialSeed() === s // true
 */
export function seed(): bigint {
  return defaultGenerator.seed()
}

/**
 * A copy of the default generator's state, like `torch.get_rng_state` (in descent's own form).
 *
 * https://pytorch.org/docs/1.13/generated/torch.get_rng_state.html
 * @example
 * const state = getRngState()
 * setRngState(state) // the next draws repeat
 */
export function getRngState(): GeneratorState {
  return defaultGenerator.getState()
}

/**
 * Restores the default generator's state, like `torch.set_rng_state`.
 *
 * https://pytorch.org/docs/1.13/generated/torch.set_rng_state.html
 * @example
 * const state = getRngState(); const a = rand([2])
 * setRngState(state); rand([2]) // equals a
 */
export function setRngState(state: GeneratorState): void {
  defaultGenerator.setState(state)
}
