#!/usr/bin/env node
import { main } from './main.js'

// pnpm runs the script inside apps/replay; INIT_CWD is where the user typed the command, so `--out` is relative to it
process.exitCode = main(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  isTTY: Boolean(process.stdout.isTTY),
  cwd: process.env.INIT_CWD ?? process.cwd(),
})
