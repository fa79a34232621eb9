/**
 * Compiles the TypeScript peers to plain JavaScript in `out/` before they are timed.
 *
 * tsx compiles with esbuild's `keepNames`, which wraps every function expression in a `__name(fn, "name")`
 * call each time the expression runs: a closure made per op (a backward rule, an `optimizer.minimize` loss)
 * pays a `defineProperty`, which neither `tsc` output nor a user's bundle pays. So the peers are bundled here
 * without it: descent from its sources (the `@descent/source` condition), tfjs from its published build.
 */
import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const here = dirname(fileURLToPath(import.meta.url))
export const outDir = join(dirname(here), 'out')

/** Bundles one peer (`descent.ts`, `tfjs.ts`) to `out/<name>.mjs` with a source map; returns the output path. */
export async function buildPeer(file: string): Promise<string> {
  mkdirSync(outDir, { recursive: true })
  const outfile = join(outDir, file.replace(/\.ts$/, '.mjs'))
  await build({
    entryPoints: [join(here, 'peers', file)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['@descent/source'],
    // tfjs is run as published; only the workspace's own TypeScript is compiled here.
    external: ['@tensorflow/*'],
    sourcemap: 'linked',
    keepNames: false,
    logLevel: 'warning',
  })
  return outfile
}
