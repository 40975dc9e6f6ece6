/**
 * A brainfuck JIT embedding the pkjit SDK: the smallest complete example of the SDK's flow.
 *
 *   parse -> assemble (jit/x64) -> write through a window on a compiler thread -> seal (verify,
 *   sha256 receipt) -> publish -> enter on an executor thread -> read the output -> audit.
 *
 * The generated code never makes a system call (executors may only make the runtime's calls):
 * `.` appends the cell to an output buffer in guest memory and `,` reads from an input buffer.
 * Both buffers and the tape are ordinary key-0 memory mapped by the owner thread, because an
 * executor's system-call filter refuses mmap.
 *
 * Run it alone with `node dist/samples/embed/brainfuck.js` (after `npm run build`).
 */
import { Assembler, byte, eax, r8, r8d, r9, r9d, r10b, r10d, rax, rcx, rdi, rdx, rsi, type Label } from '../../jit/x64/index.js';
import { Machine, PROT_READ, PROT_WRITE } from '../../mpk-hw/index.js';
import { formatSummary, summarize } from '../../sdk/audit/summary.js';
import { MemorySink, Sandbox, verifyLog, type CodeRegion, type SdkThread } from '../../sdk/index.js';
import type { Expected } from '../index.js';
import type { Instrument } from '../instrument.js';

/** Where a sample's lines go (console.log by default; tests pass a collector). */
export type Print = (line: string) => void;

/** What this sample documents: run-all checks that its output contains these lines. */
export const expected: Expected = {
  description: 'brainfuck JIT: Hello World!, a digit loop and a reversed input on an executor thread',
  contains: ['Hello World!', '0123456789', 'desserts', "brainfuck: unmatched ']' at offset 2", 'invariants hold'],
};

/** Tape size in bytes; a power of two, so the cell index wraps with one `and`. */
const TAPE_SIZE = 0x10000;
/** Output buffer size in bytes; a program that prints more is cut short. */
const OUT_SIZE = 4096;
/** Input buffer size in bytes. */
const IN_SIZE = 4096;

/** The parsed program: runs of + - and > < are folded; `[-]` becomes `clear`. */
export type Op =
  | { readonly kind: 'add'; readonly n: number }
  | { readonly kind: 'move'; readonly n: number }
  | { readonly kind: 'clear' }
  | { readonly kind: 'out' }
  | { readonly kind: 'in' }
  | { readonly kind: 'loop'; readonly body: readonly Op[] };

/** Parses brainfuck source; throws `brainfuck: unmatched '[' at offset N` (0-based) for bad brackets. */
export function parse(src: string): Op[] {
  const open: Array<{ body: Op[]; at: number }> = [{ body: [], at: -1 }];
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    const top = open[open.length - 1] as { body: Op[]; at: number };
    const last = top.body[top.body.length - 1];
    if (c === '+' || c === '-' || c === '>' || c === '<') {
      const kind = c === '+' || c === '-' ? 'add' : 'move';
      const n = c === '+' || c === '>' ? 1 : -1;
      if (last?.kind === kind) top.body[top.body.length - 1] = { kind, n: last.n + n };
      else top.body.push({ kind, n });
    } else if (c === '.') top.body.push({ kind: 'out' });
    else if (c === ',') top.body.push({ kind: 'in' });
    else if (c === '[') open.push({ body: [], at: i });
    else if (c === ']') {
      if (open.length === 1) throw new Error(`brainfuck: unmatched ']' at offset ${i}`);
      open.pop();
      const body = top.body;
      const parent = (open[open.length - 1] as { body: Op[] }).body;
      const isClear = body.length === 1 && body[0]?.kind === 'add' && body[0].n % 2 !== 0;
      parent.push(isClear ? { kind: 'clear' } : { kind: 'loop', body });
    }
  }
  const unclosed = open[open.length - 1];
  if (unclosed !== undefined && unclosed.at >= 0) throw new Error(`brainfuck: unmatched '[' at offset ${unclosed.at}`);
  return open[0]?.body ?? [];
}

// Register plan (System V arguments): rdi = tape, rsi = output, rdx = input, rcx = input length.
// Working registers: r8 = cell index, rax = bytes output so far (the return value), r9 = input index.
const cell = byte({ base: rdi, index: r8 });

/** Emits `ops`; `done` is the common exit (taken early when the output buffer is full). */
function emitOps(a: Assembler, ops: readonly Op[], done: Label): void {
  for (const op of ops) {
    switch (op.kind) {
      case 'add': {
        const n = ((op.n % 256) + 256) % 256; // cells are bytes: + and - wrap at 256
        if (n !== 0) a.add(cell, n > 127 ? n - 256 : n);
        break;
      }
      case 'move':
        if (op.n !== 0) a.add(r8, op.n).and(r8, TAPE_SIZE - 1);
        break;
      case 'clear':
        a.mov(cell, 0);
        break;
      case 'out':
        a.cmp(rax, OUT_SIZE).jcc('ae', done).mov(r10b, cell).mov(byte({ base: rsi, index: rax }), r10b).inc(rax);
        break;
      case 'in': {
        const eof = a.newLabel(); // at end of input the cell becomes 0
        a.xor(r10d, r10d).cmp(r9, rcx).jcc('ae', eof).movzx(r10d, byte({ base: rdx, index: r9 })).inc(r9).bind(eof).mov(cell, r10b);
        break;
      }
      case 'loop': {
        const top = a.newLabel();
        const end = a.newLabel();
        a.cmp(cell, 0).jcc('e', end).bind(top);
        emitOps(a, op.body, done);
        a.cmp(cell, 0).jcc('ne', top).bind(end);
        break;
      }
    }
  }
}

/** Compiles a whole program to one x86-64 function: (tape, out, in, inLen) -> bytes output. */
export function compile(ops: readonly Op[]): Uint8Array {
  const a = new Assembler();
  const done = a.newLabel();
  a.xor(eax, eax).xor(r8d, r8d).xor(r9d, r9d);
  emitOps(a, ops, done);
  a.bind(done).ret();
  return a.finish();
}

/** The sandbox and its two threads: a compiler that writes code and an executor that runs it. */
export interface Jit {
  readonly sbx: Sandbox;
  readonly compiler: SdkThread;
  readonly executor: SdkThread;
  readonly region: CodeRegion;
}

/** Maps `size` bytes of read/write key-0 memory from the owner thread (executors may not mmap). */
function mapBuffer(sbx: Sandbox, size: number): number {
  const addr = sbx.owner.ut.mmap(0, size, PROT_READ | PROT_WRITE);
  if (addr < 0) throw new Error(`brainfuck: mmap of ${size} bytes failed (${addr})`);
  return addr;
}

/** Compiles and runs one program; prints its output and a one-line summary. */
export function run(jit: Jit, name: string, src: string, input: string, print: Print): void {
  const { sbx, compiler, executor, region } = jit;
  const code = compile(parse(src));
  const fn = sbx.reserve(region, code.length, `brainfuck ${name}`);
  const windows = compiler.stats.windows;
  sbx.withWindow(compiler, fn, { reason: `emit brainfuck ${name}` }, (w) => w.write(0, code));
  const receipt = sbx.seal(fn); // verifies the bytes (no WRPKRU, XRSTOR or SYSCALL anywhere) and hashes them
  sbx.publish(fn);

  const tape = mapBuffer(sbx, TAPE_SIZE);
  const out = mapBuffer(sbx, OUT_SIZE + IN_SIZE);
  const inBytes = new TextEncoder().encode(input);
  sbx.owner.ut.write(out + OUT_SIZE, inBytes);
  const r = sbx.enter(executor, fn, [tape, out, out + OUT_SIZE, inBytes.length], { budget: 10_000_000 });
  const text = new TextDecoder().decode(sbx.owner.ut.read(out, Number(r.rax)));

  for (const line of text.replace(/\n$/, '').split('\n')) print(line);
  print(`${name}: ${r.rax} output bytes, ${r.instructions} instructions retired, ${code.length} code bytes, ` +
    `${compiler.stats.windows - windows} window, seal sha256 ${receipt.sha256.slice(0, 12)}`);
}

/** The classic Hello World (Wikipedia's version). */
const HELLO = '++++++++[>++++[>++>+++>+++>+<<<<-]>+>+>->>+[<]<-]>>.>---.+++++++..+++.>>.<-.<.+++.------.--------.>>+.>++.';
/** Sets a cell to '0' (8 * 6 = 48), then prints and increments it ten times, then a newline. */
const DIGITS = '++++++++[>++++++<-]>>++++++++++[<.+>-]++++++++++.';
/** Reads the whole input into cells 1.., then prints it backwards. */
const REVERSE = '>,[>,]<[.<]';

/** Closes the audit log, prints its summary and checks its hash chain and invariants. */
function printAudit(sbx: Sandbox, sink: MemorySink, print: Print): boolean {
  sbx.close();
  for (const line of formatSummary(summarize(sink.records))) print(line);
  const v = verifyLog(sink.text());
  print(v.ok ? `audit: ${v.status}, ${v.records.length} records, invariants hold` : `audit: ${v.status}, ${v.violations.length} violations`);
  return v.ok;
}

/** Runs the sample; returns the exit code (0 when every program ran and the audit log verifies). */
export function main(print: Print = console.log, instrument?: Instrument): number {
  const sink = new MemorySink();
  const machine = new Machine();
  const sbx = new Sandbox(machine, { audit: [sink, ...(instrument?.(machine) ?? [])] });
  const jit: Jit = { sbx, compiler: sbx.spawn(sbx.owner, 'compiler'), executor: sbx.spawn(sbx.owner, 'executor'),
    region: sbx.createRegion('brainfuck', 4096) };
  try {
    run(jit, 'hello', HELLO, '', print);
    run(jit, 'digits', DIGITS, '', print);
    run(jit, 'reverse', REVERSE, 'stressed', print);
    for (const bad of ['[]]', '[[]']) {
      try {
        parse(bad);
      } catch (e) {
        print((e as Error).message); // a bad program is a compile error; nothing reaches the sandbox
      }
    }
  } catch (e) {
    print(`brainfuck: ${(e as Error).message}`);
    return 1;
  }
  print('');
  return printAudit(sbx, sink, print) ? 0 : 1;
}

// Runs when executed directly.  (A path test, not import.meta.url: tsup's code splitting moves
// this module into a shared chunk whose URL is not the entry's.)
if (/[\\/]samples[\\/]embed[\\/]brainfuck\.[jt]s$/.test(process.argv[1] ?? '')) process.exitCode = main();
