#!/usr/bin/env node
// Runs the TypeScript command line (src/cli/main.ts) through tsx, a runtime dependency: no build step.
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
