import { mkdirSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'

/** A file to write, relative to the output directory. */
export interface OutFile {
  path: string
  data: string | Uint8Array
}

/**
 * Opens a staging directory beside `dir` (same file system, so the final rename is atomic); it fails at once,
 * before any part runs, when `dir` cannot be written.
 * @example
 * const stage = stageOutput('out/manual')
 * stage.commit([{ path: 'log.txt', data: 'Epoch 1/10 ...' }])
 */
export function stageOutput(dir: string) {
  const parent = dirname(dir)
  try {
    const st = statSync(dir, { throwIfNoEntry: false })
    if (st && !st.isDirectory()) throw new Error('it exists and is not a directory')
    mkdirSync(parent, { recursive: true })
  } catch (e) {
    throw new OutputError(dir, e)
  }
  let staging: string
  try {
    staging = mkdtempSync(join(parent, `.${basename(dir)}.tmp-`))
  } catch (e) {
    throw new OutputError(dir, e)
  }
  return {
    staging,
    /** Writes every file into the staging directory, then swaps it in for `dir`. */
    commit(files: OutFile[]) {
      try {
        for (const f of files) {
          const target = join(staging, f.path)
          mkdirSync(dirname(target), { recursive: true })
          writeFileSync(target, f.data)
        }
        const old = statSync(dir, { throwIfNoEntry: false }) ? `${staging}.old` : null
        if (old) renameSync(dir, old)
        renameSync(staging, dir)
        if (old) rmSync(old, { recursive: true, force: true })
      } catch (e) {
        rmSync(staging, { recursive: true, force: true })
        throw new OutputError(dir, e)
      }
    },
    /** Removes the staging directory, leaving `dir` as it was. */
    abort() {
      rmSync(staging, { recursive: true, force: true })
    },
  }
}

/** `--out` could not be written; the message is one line. */
export class OutputError extends Error {
  constructor(dir: string, cause: unknown) {
    const reason = cause instanceof Error ? ((cause as NodeJS.ErrnoException).code ?? cause.message) : String(cause)
    super(`cannot write to --out ${dir}: ${reason}`)
    this.name = 'OutputError'
  }
}
