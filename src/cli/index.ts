#!/usr/bin/env node
// The `wx-coupon` bin (dist/cli.js): see program.ts. Node only; nothing here reaches a browser bundle.
import { main } from './program';

main(process.argv.slice(2), { env: process.env, stdout: process.stdout, stderr: process.stderr, stdin: process.stdin }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // main() catches everything it expects; this is a bug, reported without a stack full of paths.
    process.stderr.write(`wx-coupon: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 3;
  },
);
