/**
 * The operations the SDK property tests drive (test/sdk/property.test.ts), the tiny real
 * functions they emit (built with jit/x64), and the fast-check arbitraries that generate
 * random programs for each thread role.
 *
 * Picks are resolved when the operation runs: `alloc: n` is the n-th allocation (from the
 * newest) among those the operation is legal for, `win: n` the n-th of the thread's open
 * windows; with `wild` set they count over every allocation (or every window the thread
 * ever opened), so that illegal operations are tried too and must be refused.
 */
import fc from 'fast-check';
import { Assembler, eax } from '../../jit/x64/index.js';

/** Bytes every function allocation reserves: code takes at most 12; a `tail` write fills the last two (a seam). */
export const FN_SIZE = 16;

/**
 * What a write puts in a window: a function (`mov eax, imm; [int3;] ret`), one with a
 * forbidden immediate, 4 bytes past the window's end, or half a WRPKRU at the allocation's
 * tail (`0F 01`) or head (`EF`), which is forbidden only next to the other half.
 */
export type WriteKind = 'emit' | 'forbidden' | 'oob' | 'tail' | 'head';

/** One step of a thread's program. */
export type Op =
  | { readonly t: 'reserve'; readonly region: number; readonly trap: boolean }
  | { readonly t: 'open'; readonly alloc: number; readonly wild: boolean; readonly nest: boolean; readonly ranged: boolean }
  | { readonly t: 'write'; readonly win: number; readonly wild: boolean; readonly what: WriteKind; readonly imm: number; readonly pattern: number }
  | { readonly t: 'close'; readonly win: number; readonly wild: boolean }
  | { readonly t: 'seal'; readonly alloc: number; readonly wild: boolean }
  | { readonly t: 'publish'; readonly alloc: number; readonly wild: boolean }
  | { readonly t: 'patch'; readonly alloc: number; readonly wild: boolean; readonly imm: number; readonly large: boolean; readonly pattern: number | null }
  | { readonly t: 'retire'; readonly alloc: number; readonly wild: boolean }
  | { readonly t: 'throwIn'; readonly alloc: number; readonly wild: boolean; readonly imm: number; readonly inner: boolean; readonly leak: boolean }
  | { readonly t: 'spawn'; readonly role: 'compiler' | 'executor' }
  | { readonly t: 'raise'; readonly compile: boolean; readonly region: number; readonly imm: number }
  | { readonly t: 'enter'; readonly alloc: number; readonly wild: boolean }
  | { readonly t: 'integrity'; readonly alloc: number; readonly wild: boolean };

/** Immediates whose bytes hide a forbidden sequence (ERIM: WRPKRU sprayed through an immediate). */
export const FORBIDDEN_IMMS: readonly number[] = [
  0x00ef010f, // 0F 01 EF     WRPKRU
  0x0000050f, // 0F 05        SYSCALL
  0x0028ae0f, // 0F AE 28     XRSTOR [rax]
  0x000080cd, // CD 80        INT 80h
  0xef010f00, // 00 0F 01 EF  WRPKRU at imm offset 1
];

/** `mov eax, imm; [int3;] ret` (6 or 7 bytes; imm at offset 1). */
export function smallFn(imm: number, trap: boolean): Uint8Array {
  const asm = new Assembler();
  asm.mov(eax, imm | 0);
  if (trap) asm.int3();
  return asm.ret().finish();
}

/** `mov eax, imm; nop x5 or x6; [int3;] ret`: 12 bytes, a non-atomic (quiesced) patch. */
export function largeFn(imm: number, trap: boolean): Uint8Array {
  const asm = new Assembler();
  asm.mov(eax, imm | 0);
  for (let i = 0; i < (trap ? 5 : 6); i++) asm.nop();
  if (trap) asm.int3();
  return asm.ret().finish();
}

/** The imm32 of `mov eax, imm32` at the start of `code`, or null when it does not start so. */
export function immOf(code: Uint8Array): number | null {
  if (code[0] !== 0xb8) return null;
  return new DataView(code.buffer, code.byteOffset + 1, 4).getUint32(0, true);
}

/** A 32-bit immediate none of whose bytes can start a forbidden sequence (no 0F, no CD). */
const safeByte = fc.integer({ min: 0x10, max: 0xff }).map((b) => (b === 0xcd ? 0xce : b));
const safeImm: fc.Arbitrary<number> = fc.tuple(safeByte, safeByte, safeByte, safeByte)
  .map(([a, b, c, d]) => ((a | (b << 8) | (c << 16) | (d << 24)) >>> 0));

const pick = fc.nat({ max: 5 });
/** About one pick in seven is wild. */
const wild = fc.nat({ max: 6 }).map((n) => n === 0);
const pattern = fc.nat({ max: FORBIDDEN_IMMS.length - 1 });

const reserveOp = fc.record({ t: fc.constant('reserve' as const), region: fc.nat({ max: 3 }), trap: fc.boolean() });
const writeOp = fc.record({ t: fc.constant('write' as const), win: fc.nat({ max: 3 }), wild,
  what: fc.constantFrom<WriteKind>('emit', 'emit', 'emit', 'emit', 'emit', 'oob', 'forbidden', 'tail', 'head'), imm: safeImm, pattern });
/** A raise; a compiler is sometimes asked to compile a function inside its handler. */
const raiseOp = fc.record({ t: fc.constant('raise' as const), compile: fc.boolean(), region: fc.nat({ max: 3 }), imm: safeImm });
const patchOp = fc.record({ t: fc.constant('patch' as const), alloc: pick, wild, imm: safeImm, large: fc.boolean(),
  pattern: fc.option(pattern, { freq: 5 }) });

/** One operation, any kind a compiler does. */
const compilerOp: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: reserveOp },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('open' as const), alloc: pick, wild, nest: fc.boolean(), ranged: fc.boolean() }) },
  { weight: 4, arbitrary: writeOp },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('close' as const), win: fc.nat({ max: 3 }), wild }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('seal' as const), alloc: pick, wild }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('publish' as const), alloc: pick, wild }) },
  { weight: 3, arbitrary: patchOp },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('retire' as const), alloc: pick, wild }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('throwIn' as const), alloc: pick, wild, imm: safeImm, inner: fc.boolean(), leak: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('spawn' as const), role: fc.constantFrom('compiler' as const, 'executor' as const) }) },
  { weight: 1, arbitrary: raiseOp },
);

/**
 * An episode: the chain a JIT runs for one function (reserve, open, write, close, seal,
 * publish, then patches), each step dropped one time in eight, with random operations of
 * other threads interleaving it at run time.  Programs mix episodes with single operations.
 */
const episode: fc.Arbitrary<Op[]> = fc.tuple(
  reserveOp,
  fc.record({ t: fc.constant('open' as const), alloc: fc.constant(0), wild: fc.constant(false), nest: fc.boolean(), ranged: fc.boolean() }),
  fc.array(writeOp.map((op) => ({ ...op, wild: false })), { minLength: 1, maxLength: 2 }),
  fc.array(patchOp.map((op) => ({ ...op, alloc: 0, wild: false })), { maxLength: 2 }),
  fc.array(fc.nat({ max: 7 }), { minLength: 7, maxLength: 7 }),
).map(([reserve, open, writes, patches, keep]) => {
  const steps: Op[][] = [[reserve], [open], writes, [{ t: 'close', win: 0, wild: false }], [{ t: 'seal', alloc: 0, wild: false }],
    [{ t: 'publish', alloc: 0, wild: false }], patches];
  return steps.filter((_, i) => keep[i] !== 0).flat();
});

const compilerOps = (n: number): fc.Arbitrary<Op[]> =>
  fc.array(fc.oneof({ weight: 1, arbitrary: episode }, { weight: 3, arbitrary: compilerOp.map((op) => [op]) }), { maxLength: n, size: 'max' })
    .map((parts) => parts.flat());

const executorOp: fc.Arbitrary<Op> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ t: fc.constant('enter' as const), alloc: fc.nat({ max: 7 }), wild }) },
  { weight: 1, arbitrary: raiseOp },
);

const runtimeOp: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ t: fc.constant('spawn' as const), role: fc.constantFrom('compiler' as const, 'executor' as const) }),
  raiseOp,
  fc.record({ t: fc.constant('integrity' as const), alloc: pick, wild }),
);

/** Everything one random run needs: the machine's seed, the key pressure, and each thread's program. */
export interface Scenario {
  /** Seed of machine.scheduler(). */
  readonly seed: number;
  /** Sandbox codeKeys: hardware keys code regions may hold at once. */
  readonly codeKeys: number;
  /** Number of code regions (one page each). */
  readonly regions: number;
  readonly compilers: readonly (readonly Op[])[];
  readonly executors: readonly (readonly Op[])[];
  /** The program of the SDK's own runtime thread. */
  readonly runtime: readonly Op[];
  /** Programs handed, in order, to threads spawned with each role (an empty program when none is left). */
  readonly spawned: { readonly compiler: readonly (readonly Op[])[]; readonly executor: readonly (readonly Op[])[] };
}

/** Random scenarios; `scale` multiplies program lengths. */
export function scenarios(scale = 1): fc.Arbitrary<Scenario> {
  const prog = (op: fc.Arbitrary<Op>, n: number): fc.Arbitrary<Op[]> => fc.array(op, { maxLength: Math.round(n * scale), size: 'max' });
  const comp = (n: number): fc.Arbitrary<Op[]> => compilerOps(Math.round(n * scale));
  return fc.record({
    seed: fc.integer({ min: 1, max: 0x7fffffff }),
    codeKeys: fc.integer({ min: 1, max: 3 }),
    regions: fc.integer({ min: 2, max: 4 }),
    compilers: fc.array(comp(12), { minLength: 1, maxLength: 2 }),
    executors: fc.array(prog(executorOp, 20), { minLength: 1, maxLength: 2 }),
    runtime: prog(runtimeOp, 6),
    spawned: fc.record({
      compiler: fc.array(comp(5), { maxLength: 2 }),
      executor: fc.array(prog(executorOp, 10), { maxLength: 2 }),
    }),
  });
}
