/**
 * `chextransfer <subcommand> [options]`: dispatch table. Subcommands load lazily, so `stats`
 * never pulls in TensorFlow.js. To add one: a module exporting `run` (see command.ts) and a line here.
 * Failures end here: one line on stderr and the exit code of refusal.ts (`--debug` adds the stack).
 */
import type { CommandModule, Io } from './command.ts';
import { processIo } from './command.ts';
import { DEBUG_FLAG, EXIT, reportFailure } from './refusal.ts';

/** Subcommand name -> one-line summary and loader. */
export const COMMANDS: Readonly<
  Record<string, { summary: string; load: () => Promise<CommandModule> }>
> = {
  stats: {
    summary: 'correlations, fit and bootstrap CI for two columns of a CSV',
    load: () => import('./stats.ts'),
  },
  zoo: {
    summary:
      'the 16 architectures: units, parameter counts, truncation (--build: tf.layers in Node)',
    load: () => import('./zoo.ts'),
  },
  grid: {
    summary: 'a grid spec: plan (tasks, multiply-adds, time), example, check, schema',
    load: () => import('./grid.ts'),
  },
  run: {
    summary: 'run one task of a grid headless (node or chromium engine), resumable',
    load: () => import('./run.ts'),
  },
  collect: {
    summary: "merge a grid's task records into runs.json for the app's import",
    load: () => import('./collect.ts'),
  },
  slurm: {
    summary: 'write (and --submit, --wait) a SLURM job array for a grid and its collect job',
    load: () => import('./slurm.ts'),
  },
  k8s: {
    summary: 'write Kubernetes Indexed Job manifests for a grid and its collect job, validated',
    load: () => import('./k8s.ts'),
  },
  predict: {
    summary:
      'predict with .safetensors weights or a PyTorch .pt/.pth checkpoint on a .npy array or an image',
    load: () => import('./predict.ts'),
  },
};

/**
 * @returns the usage text listing every subcommand
 */
export function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `usage: chextransfer <command> [options] [${DEBUG_FLAG}]\n\ncommands:\n${lines.join('\n')}\n\nRun 'chextransfer <command> --help' for a command's options. ${DEBUG_FLAG} prints stack traces.\nExit codes: 0 done, 1 internal error, 2 bad input or usage, 3 wrong weights, 4 out of distribution.\n`;
}

/**
 * Runs the command line.
 * @param argv arguments after the program name
 * @param io output streams (defaults to the process's)
 * @returns the exit code
 */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const debug = argv.includes(DEBUG_FLAG);
  const [name, ...rest] = argv.filter((a) => a !== DEBUG_FLAG);
  const command = name !== undefined && Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    if (name !== undefined && !['-h', '--help', 'help'].includes(name))
      io.err(`unknown command '${name}'\n\n`);
    io.err(usage());
    return EXIT.usage;
  }
  try {
    const mod = await command.load();
    return await mod.run(rest, io);
  } catch (e) {
    return reportFailure(name ?? '', e, io, debug);
  }
}
