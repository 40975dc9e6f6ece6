/** `pkjit run FILE.js` and `pkjit disasm FILE.js`: the sample JavaScript JIT from the command line. */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { FileSink } from '../sdk/audit/log.js';
import { compileToIr, runProgram, type RunOptions, type RunStats } from '../jit/engine/engine.js';
import { listProgram } from '../jit/engine/listing.js';
import { JitError } from '../jit/errors.js';
import { UsageError, type Io } from './io.js';

export const RUN_HELP = `usage: pkjit run FILE.js [--audit LOG.jsonl] [--executors N] [--seed S] [--policy pkey|mprotect]
                    [--max-steps N] [--eager] [--interpret] [--stats]

Compiles FILE.js (the JavaScript subset of docs/js-subset.md) to x86-64 and runs it on the
simulated CPU under the SDK; prints what \`node FILE.js\` prints. The script compiles first;
each function compiles on its first call, on the compiler thread, while executors run.

  --audit LOG     write the SDK's audit log (JSON Lines) to LOG; check it with pkjit audit verify
  --executors N   run the program on N executor threads at once, sharing the code (default 1);
                  each executor's output is printed in executor order
  --seed S        seed of the scheduler's interleaving (default 1)
  --policy P      W^X by protection keys (pkey, default) or by mprotect (for comparison)
  --max-steps N   most guest instructions each executor may run, and most steps of work its
                  runtime calls may do (one per 8 bytes of guest memory; default 50000000)
  --eager         compile every function before running (default: on first call)
  --interpret     run the simulated CPU's interpreter alone (default: hot guest code is
                  translated to JavaScript; results are the same, only slower)
  --stats         print counters and times on stderr

Exit codes: 0 ran; 1 an exception nothing caught, as node (FILE:line:col: uncaught Error: m);
2 not in the subset, a syntax error or a usage error (FILE:line:col: ...); 3 stopped where
pkjit cannot answer as node would, at a full guest stack (node's RangeError) or heap, or after
--max-steps (the output before the stop is printed); 3 also for a bug in pkjit itself (one
line: pkjit: internal error).`;

export const DISASM_HELP = `usage: pkjit disasm FILE.js [--bytes OUT.bin]

Compiles every function of FILE.js (nothing runs) and prints the sealed machine code of the
engine stubs, the script and each function, disassembled (objdump's Intel syntax).

  --bytes OUT.bin   also write the code region (gaps filled with int3) to OUT.bin; check with
                    objdump -D -b binary -m i386:x86-64 -M intel --adjust-vma=ADDRESS OUT.bin`;

function positive(flag: string, v: string | undefined, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (v === undefined) return undefined;
  if (!/^[1-9][0-9]*$/.test(v) || Number(v) > max) throw new UsageError(`${flag}: '${v}' is not an integer from 1 to ${max}`);
  return Number(v);
}

function readSource(cmd: string, file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`${cmd}: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

function oneFile(cmd: string, positionals: string[]): string {
  const [file, ...extra] = positionals;
  if (file === undefined) throw new UsageError(`${cmd}: missing FILE.js (try pkjit ${cmd} --help)`);
  if (extra.length > 0) throw new UsageError(`${cmd} takes one file (got '${positionals.join(' ')}')`);
  return file;
}

function statsLines(s: RunStats, executors: number): string[] {
  const ms = (x: number): string => `${x.toFixed(1)} ms`;
  return [
    `pkjit: ${executors} executor${executors === 1 ? '' : 's'}, ${s.instructions} guest instructions, ${s.cycles} simulated cycles, ${s.runtimeCalls} runtime calls (${s.runtimeSteps} steps of work)`,
    `pkjit: ${s.functionsCompiled} of ${s.functions} functions compiled (script included), ${s.codeBytes} code bytes, ${s.heapBytes} heap bytes (executor 0)`,
    `pkjit: ${s.windows} write windows, ${s.flips} permission flips, ${s.faults} faults, ${s.permissionCycles} permission cycles, ${s.stallCycles} executor stall cycles`,
    `pkjit: parse ${ms(s.parseMs)}, sandbox setup ${ms(s.setupMs)}, compile ${ms(s.compileMs)}, run ${ms(s.runMs)}`,
    `pkjit: objects: ${s.shapes} shapes, ${s.icPatches} inline-cache patches, ${s.icMegamorphic} megamorphic sites` +
      (s.icRefused > 0 ? ` (${s.icRefused} patches refused by the verifier)` : ''),
    `pkjit: translator: ${s.translatedBlocks} blocks, ${s.translatedInstructions} of ${s.instructions} instructions retired in translated code` +
      (s.instructions > 0 ? ` (${(100 * s.translatedInstructions / s.instructions).toFixed(1)}%)` : ''),
  ];
}

/**
 * A bug in pkjit (a JitError INVARIANT: an internal assert failed) as one line and exit 3,
 * never a host stack trace; any other error is not ours to word, and is thrown on.
 */
function internalError(io: Io, e: unknown): number {
  if (!(e instanceof JitError) || e.code !== 'INVARIANT') throw e;
  io.err(`pkjit: internal error (INVARIANT): ${e.message} (a bug in pkjit; please report it with the program)`);
  return 3;
}

/** Runs `pkjit run`; returns the exit code. */
export function runCommand(args: string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args,
    options: {
      audit: { type: 'string' }, executors: { type: 'string' }, seed: { type: 'string' }, policy: { type: 'string' },
      'max-steps': { type: 'string' }, eager: { type: 'boolean' }, interpret: { type: 'boolean' }, stats: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: true,
  });
  if (values.help === true) {
    io.out(RUN_HELP);
    return 0;
  }
  const file = oneFile('run', positionals);
  const policy = values.policy;
  if (policy !== undefined && policy !== 'pkey' && policy !== 'mprotect') throw new UsageError(`--policy: '${policy}' is not pkey or mprotect`);
  const executors = positive('--executors', values.executors, 64) ?? 1;
  const seed = values.seed === undefined ? undefined
    : /^[0-9]+$/.test(values.seed) && Number(values.seed) <= 0xffffffff ? Number(values.seed)
      : (() => { throw new UsageError(`--seed: '${values.seed}' is not an integer from 0 to 4294967295`); })();
  const maxSteps = positive('--max-steps', values['max-steps']);
  const source = readSource('run', file);
  let sink: FileSink | undefined;
  if (values.audit !== undefined) {
    try {
      writeFileSync(values.audit, '');
    } catch (e) {
      throw new UsageError(`--audit: cannot write ${values.audit}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    sink = new FileSink(values.audit);
  }
  const opts: RunOptions = {
    executors, ...(seed !== undefined ? { seed } : {}), ...(policy !== undefined ? { policy } : {}),
    ...(maxSteps !== undefined ? { maxSteps } : {}), ...(values.eager === true ? { lazy: false } : {}),
    ...(sink !== undefined ? { audit: [sink] } : {}), ...(values.interpret === true ? { translate: false } : {}),
  };
  let r: ReturnType<typeof runProgram>;
  try {
    r = runProgram(source, file, opts);
  } catch (e) {
    return internalError(io, e);
  }
  for (const line of r.output) io.out(line);
  // A refusal reads as compilers print it, `FILE:line:col: unsupported: what`; a stopped run names pkjit.
  if (r.error !== undefined) io.err(r.exitCode === 2 ? r.error : `pkjit: ${r.error}`);
  if (values.stats === true && r.exitCode !== 2) for (const l of statsLines(r.stats, executors)) io.err(l);
  return r.exitCode;
}

/** Runs `pkjit disasm`; returns the exit code. */
export function disasmCommand(args: string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args, options: { bytes: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: true,
  });
  if (values.help === true) {
    io.out(DISASM_HELP);
    return 0;
  }
  const file = oneFile('disasm', positionals);
  let listing: ReturnType<typeof listProgram>;
  try {
    const ir = compileToIr(readSource('disasm', file), file);
    if (!('script' in ir)) {
      io.err(ir.error ?? `${file}: refused`);
      return 2;
    }
    listing = listProgram(ir, file);
  } catch (e) {
    return internalError(io, e);
  }
  for (const c of listing.code) {
    io.out(`${c.address.toString(16).padStart(16, '0')} <${c.kind}> (${c.bytes.length} bytes):`);
    for (const l of c.lines) io.out(l);
    io.out('');
  }
  if (values.bytes !== undefined) {
    try {
      writeFileSync(values.bytes, listing.image.bytes);
    } catch (e) {
      throw new UsageError(`--bytes: cannot write ${values.bytes}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    io.err(`pkjit: wrote ${listing.image.bytes.length} bytes of code at 0x${listing.image.address.toString(16)} to ${values.bytes}` +
      ` (objdump -D -b binary -m i386:x86-64 -M intel --adjust-vma=0x${listing.image.address.toString(16)} ${values.bytes})`);
  }
  return 0;
}
