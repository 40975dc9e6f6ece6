/** `pkjit run FILE.js`: compiles a program of the subset to x86-64 and runs it on the simulated CPU under the SDK. */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runProgram } from '../jit/engine/engine.js';
import { UsageError, type Io } from './io.js';

export const RUN_HELP = `usage: pkjit run FILE.js [--max-steps N] [--stats]

Compiles FILE.js (the JavaScript subset of docs/js-subset.md) to x86-64 and runs it on the
simulated CPU under the SDK; prints what \`node FILE.js\` prints.

  --max-steps N   most guest instructions the program may run (default 50000000)
  --stats         print compilation and run counters on stderr

Exit codes: 0 ran; 2 not in the subset, a syntax error or a usage error (FILE:line:col: ...);
3 stopped where node would throw an uncaught error, where pkjit cannot answer as node would,
on a guest fault (stack overflow) or after --max-steps (the output before the stop is printed).`;

/** Runs the command; returns the exit code. */
export function runCommand(args: string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args,
    options: { 'max-steps': { type: 'string' }, stats: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
    allowPositionals: true,
  });
  if (values.help === true) {
    io.out(RUN_HELP);
    return 0;
  }
  const [file, ...extra] = positionals;
  if (file === undefined) throw new UsageError('run: missing FILE.js (try pkjit run --help)');
  if (extra.length > 0) throw new UsageError(`run takes one file (got '${positionals.join(' ')}')`);
  let maxSteps: number | undefined;
  const steps = values['max-steps'];
  if (steps !== undefined) {
    if (!/^[1-9][0-9]*$/.test(steps) || !Number.isSafeInteger(Number(steps))) {
      throw new UsageError(`--max-steps: '${steps}' is not a positive integer`);
    }
    maxSteps = Number(steps);
  }
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`run: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const r = runProgram(source, file, maxSteps !== undefined ? { maxSteps } : {});
  for (const line of r.output) io.out(line);
  // A refusal reads as compilers print it, `FILE:line:col: unsupported: what`; a stopped run names pkjit.
  if (r.error !== undefined) io.err(r.exitCode === 2 ? r.error : `pkjit: ${r.error}`);
  if (values.stats === true) {
    const s = r.stats;
    io.err(`pkjit: ${s.functions} functions, ${s.codeBytes} code bytes, ${s.instructions} guest instructions, ` +
      `${s.runtimeCalls} runtime calls, ${s.heapBytes} heap bytes`);
  }
  return r.exitCode;
}
