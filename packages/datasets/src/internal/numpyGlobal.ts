import { RandomState, ValueError } from '@descent/tensor'

// NumPy's global RandomState (np.random.mtrand._rand), which NumPy seeds from the OS; np.random.seed(s) reseeds it.
let global: RandomState | undefined

/** sklearn's check_random_state: the global RandomState for null, a new one for a seed, a RandomState as is. */
export function checkRandomState(seed: number | RandomState | null | undefined): RandomState {
  if (seed === null || seed === undefined) {
    global ??= new RandomState(Math.floor(Math.random() * 2 ** 32))
    return global
  }
  if (seed instanceof RandomState) return seed
  if (typeof seed === 'number' && Number.isInteger(seed)) return new RandomState(seed)
  throw new ValueError(`${String(seed)} cannot be used to seed a numpy.random.RandomState instance`)
}
