import { readFileSync } from 'node:fs'

/**
 * The oracle's record of every notebook part under PyTorch 1.13 / NumPy 1.24 for seeds 0, 1 and 42, written by
 * tools/oracle/replay_notebooks.py. Only tests read it.
 */
// biome-ignore lint/suspicious/noExplicitAny: the fixture is plain JSON, narrowed where it is used
export const cases: Record<string, any> = JSON.parse(
  readFileSync(new URL('../test/fixtures/replay_notebooks.json', import.meta.url), 'utf8'),
).cases
