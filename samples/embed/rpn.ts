/**
 * A reverse-Polish-notation calculator JIT embedding the pkjit SDK.  Each expression, such as
 * `x y + 2 *`, becomes one x86-64 function f(x, y) (x in rdi, y in rsi, result in rax) with
 * signed 64-bit + - * /.  All functions live in one code region, one allocation each: the
 * region keeps its protection key, so every window after the first reuses it (a key hit), and so
 * does each seal's copy of the verified bytes into the code pages.
 *
 * Division by zero: a literal 0 divisor is a compile error; a zero (or INT64_MIN / -1) at run
 * time raises #DE in the guest, which the kernel turns into SIGFPE.  The SDK handles SIGSEGV
 * only, and the default action of SIGFPE would kill the whole sandboxed process (the owner
 * thread too), so this sample installs a SIGFPE handler (sbx.sigaction) that ends just the
 * executor thread, then reports a clean error and spawns a fresh executor.
 *
 * Run it alone with `node dist/samples/embed/rpn.js` (after `npm run build`).
 */
import { Assembler, rax, rcx, rdi, rsi, type Gpr64 } from '../../jit/x64/index.js';
import { Machine, SIGFPE } from '../../mpk-hw/index.js';
import { formatSummary, summarize } from '../../sdk/audit/summary.js';
import { MemorySink, Sandbox, SdkError, verifyLog, type Allocation, type CodeRegion, type SdkThread } from '../../sdk/index.js';
import type { Expected } from '../index.js';
import type { Instrument } from '../instrument.js';

/** Where a sample's lines go (console.log by default; tests pass a collector). */
export type Print = (line: string) => void;

/** What this sample documents: run-all checks that its output contains these lines. */
export const expected: Expected = {
  description: 'RPN calculator JIT: several functions in one region (one key), called with arguments; divide errors are clean',
  contains: ['f(7, 3) = 40', 'rpn: division by literal zero at offset 4', 'divide error', '1 key miss, 9 key hits', 'invariants hold'],
};

/** A compile error: `rpn: <what> at offset N` (0-based offset in the source). */
export class RpnError extends Error {
  readonly offset: number;
  constructor(what: string, offset: number) {
    super(`rpn: ${what} at offset ${offset}`);
    this.name = 'RpnError';
    this.offset = offset;
  }
}

/** The variables and the argument registers that hold them (System V: rdi, rsi). */
const VARIABLES: ReadonlyMap<string, Gpr64> = new Map([['x', rdi], ['y', rsi]]);
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * Compiles one expression to machine code.  The operand stack is the machine stack: a value
 * is pushed, an operator pops two into rax and rcx and pushes the result.  The compiler tracks
 * the stack depth (so underflow is a compile error) and which entries are literals.
 */
export function compile(src: string): Uint8Array {
  const a = new Assembler();
  const stack: Array<bigint | null> = []; // a literal's value, or null when known only at run time
  for (const m of src.matchAll(/\S+/g)) {
    const tok = m[0];
    const at = m.index;
    const reg = VARIABLES.get(tok);
    if (reg !== undefined) {
      a.push(reg);
      stack.push(null);
    } else if (/^-?\d+$/.test(tok)) {
      const v = BigInt(tok);
      if (v < INT64_MIN || v > INT64_MAX) throw new RpnError(`literal ${tok} does not fit 64 bits`, at);
      a.mov(rax, v).push(rax); // mov picks the 64-bit immediate form only when needed
      stack.push(v);
    } else if (tok === '+' || tok === '-' || tok === '*' || tok === '/') {
      if (stack.length < 2) throw new RpnError(`'${tok}' needs two operands`, at);
      if (stack.pop() === 0n && tok === '/') throw new RpnError('division by literal zero', at);
      stack.pop();
      stack.push(null);
      a.pop(rcx).pop(rax);
      if (tok === '+') a.add(rax, rcx);
      else if (tok === '-') a.sub(rax, rcx);
      else if (tok === '*') a.imul(rax, rcx);
      else a.cqo().idiv(rcx); // rdx:rax / rcx, signed; #DE on 0 or INT64_MIN / -1
      a.push(rax);
    } else {
      throw new RpnError(`unknown token '${tok}'`, at);
    }
  }
  if (stack.length !== 1) throw new RpnError(`the expression leaves ${stack.length} values (one expected)`, src.length);
  return a.pop(rax).ret().finish();
}

/** The sandbox, its threads and the one region every function goes into. */
export interface Jit {
  readonly sbx: Sandbox;
  readonly compiler: SdkThread;
  /** Replaced when a divide error ends it. */
  executor: SdkThread;
  readonly region: CodeRegion;
  /** Set by the SIGFPE handler: where the last divide error happened. */
  divideErrorAt: number | null;
}

/** Compiles `src` into a new allocation of the region: window, seal, publish. */
export function define(jit: Jit, src: string): Allocation {
  const code = compile(src);
  const fn = jit.sbx.reserve(jit.region, code.length, `rpn ${src}`);
  jit.sbx.withWindow(jit.compiler, fn, { reason: `emit rpn '${src}'` }, (w) => w.write(0, code));
  jit.sbx.seal(fn);
  jit.sbx.publish(fn);
  return fn;
}

/** Calls a function on the executor; a divide error becomes a message, not a crash. */
export function call(jit: Jit, fn: Allocation, x: bigint, y: bigint): string {
  jit.divideErrorAt = null;
  try {
    return String(BigInt.asIntN(64, jit.sbx.enter(jit.executor, fn, [x, y], { budget: 10_000 }).rax));
  } catch (e) {
    // The handler ended the thread: the SDK reports it as THREAD_GONE (never the machine's TaskGone).
    if (!(e instanceof SdkError) || e.code !== 'THREAD_GONE' || jit.divideErrorAt === null) throw e;
    jit.executor = jit.sbx.spawn(jit.sbx.owner, 'executor'); // the old one was ended by the handler
    return `divide error (#DE, SIGFPE) at +0x${(jit.divideErrorAt - fn.start).toString(16)}; executor replaced`;
  }
}

/** Expressions to compile and the (x, y) pairs to call each with. */
const PROGRAMS: ReadonlyArray<readonly [string, ReadonlyArray<readonly [bigint, bigint]>]> = [
  ['3 4 + 2 *', [[0n, 0n]]],
  ['x y + x y - *', [[7n, 3n], [-2n, 5n]]],
  ['x x * y y * +', [[3n, 4n], [3037000499n, 1n]]],
  ['x y /', [[84n, 2n], [-7n, 2n], [1n, 0n], [INT64_MIN, -1n]]],
  ['x 1000000000000 * 7 -', [[5n, 0n]]],
];

/** Expressions the compiler refuses before anything reaches the sandbox. */
const BAD = ['x 0 /', 'x +', 'x y', '2 ^ 3', '99999999999999999999 x +'];

/** Closes the audit log, prints its summary and checks its hash chain and invariants. */
function printAudit(sbx: Sandbox, sink: MemorySink, print: Print): boolean {
  sbx.close();
  for (const line of formatSummary(summarize(sink.records))) print(line);
  const v = verifyLog(sink.text());
  print(v.ok ? `audit: ${v.status}, ${v.records.length} records, invariants hold` : `audit: ${v.status}, ${v.violations.length} violations`);
  return v.ok;
}

/** Creates the sandbox and installs the SIGFPE handler (signal actions are per process). */
function start(sbx: Sandbox): Jit {
  const jit: Jit = { sbx, compiler: sbx.spawn(sbx.owner, 'compiler'), executor: sbx.spawn(sbx.owner, 'executor'),
    region: sbx.createRegion('rpn', 4096), divideErrorAt: null };
  sbx.sigaction(SIGFPE, (ctx) => { // through the SDK: the handler runs with its role's rights, audited
    jit.divideErrorAt = ctx.readSiginfo().addr; // si_addr: the faulting idiv
    // End the faulting thread only (returning would re-run the idiv); enter() then throws TaskGone.
    ctx.thread.exit(128 + SIGFPE);
  });
  return jit;
}

/** Runs the sample; returns the exit code (0 when every call behaved and the audit log verifies). */
export function main(print: Print = console.log, instrument?: Instrument): number {
  const sink = new MemorySink();
  const machine = new Machine();
  const sbx = new Sandbox(machine, { audit: [sink, ...(instrument?.(machine) ?? [])] });
  const jit = start(sbx);
  try {
    PROGRAMS.forEach(([src, calls], i) => {
      const fn = define(jit, src);
      print(`f${i} = ${src}  (${fn.size} code bytes)`);
      for (const [x, y] of calls) print(`  f(${x}, ${y}) = ${call(jit, fn, x, y)}`);
    });
    const k = sbx.keyStats();
    print(`region rpn: ${PROGRAMS.length} functions, ${k.misses} key miss, ${k.hits} key hits (one key, reused by every window and every seal's copy)`);
    for (const src of BAD) {
      try {
        compile(src);
      } catch (e) {
        if (!(e instanceof RpnError)) throw e;
        print(`'${src}': ${e.message}`);
      }
    }
  } catch (e) {
    print(`rpn: ${(e as Error).message}`);
    return 1;
  }
  print('');
  return printAudit(sbx, sink, print) ? 0 : 1;
}

// Runs when executed directly.  (A path test, not import.meta.url: tsup's code splitting moves
// this module into a shared chunk whose URL is not the entry's.)
if (/[\\/]samples[\\/]embed[\\/]rpn\.[jt]s$/.test(process.argv[1] ?? '')) process.exitCode = main();
