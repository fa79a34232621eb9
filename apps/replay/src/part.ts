import type { Figure } from './plot/figure.js'

/** A JSON value as `--json` writes it. */
export type JsonValue = number | string | boolean | null | JsonValue[] | { [key: string]: JsonValue }

/** What the command line passes to a part. */
export interface RunOptions {
  /** `--seed N`: follow the notebook's random draws after `torch.manual_seed(N)` / `np.random.seed(N)` */
  seed?: number
  /** `--epochs N`: the length of the part's training loop */
  epochs?: number
  /** `--lr X`: the part's learning rate */
  lr?: number
  /** called after each epoch or step of the training loop, for the progress bar */
  onProgress?: (done: number, total: number) => void
}

/** Everything one part produced: the notebook's printed log, the JSON records, the final numbers and the figures. */
export interface PartResult {
  id: string
  /** `documented`: replays a printed log; `seeded`: random draws after a seed; `deterministic`: nothing random */
  mode: 'documented' | 'seeded' | 'deterministic'
  /** the seed the random draws followed, or null */
  seed: number | null
  /** the lines the notebook printed, in its format */
  lines: string[]
  /** printed after a line (same index), e.g. PART 1's true gradient */
  annotations?: string[]
  /** printed before the log: what the part does differently from the notebook, and why */
  notes: string[]
  /** one object per epoch or step, with the keys */
  records: Record<string, JsonValue>[]
  /** final parameters and facts checked along the way */
  summary: Record<string, JsonValue>
  /** the loss curve for the report: [epoch or step, loss] */
  lossCurve: [number, number][]
  /** what the curve's y axis shows, when it is not the loss */
  lossLabel?: string
  figures: Figure[]
}

/** One replayable notebook part. */
export interface Part {
  id: string
  /** which seed and part, e.g. `003 PART 1` */
  source: string
  title: string
  /** training-loop length and learning rate when the options leave them out */
  defaults: { epochs?: number; lr?: number }
  run(options: RunOptions): PartResult
}

/**
 * The note a seeded part opens with: the seeding call it makes, and, when `--seed` is left out, that the notebook
 * fixes none so seed 0 stands in.
 * @example
 * seedNote('torch.manual_seed(0)', {}) // 'torch.manual_seed(0); the notebook fixes no seed, so seed 0 stands in.'
 */
export function seedNote(call: string, options: RunOptions): string {
  return options.seed === undefined ? `${call}; the notebook fixes no seed, so seed 0 stands in.` : `${call}.`
}
