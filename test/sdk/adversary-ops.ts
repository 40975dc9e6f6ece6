/**
 * The adversary's programs (test/sdk/adversary.test.ts, part 1): what compilers put in code
 * regions, where executors jump, and the fast-check arbitraries that generate both.
 *
 * Every byte sequence here is chosen so that every entry terminates whatever byte it starts
 * at: the code holds no branch but RET (no Jcc, JMP, CALL, LOOP), no instruction that sets RDI,
 * and the trampoline clears RDI before it jumps, so a path that comes back to a trampoline
 * jumps to 0 and faults.  Without that, one `EB FE` in an immediate (the property world's
 * random functions can hold one) would make an unaligned entry spin for 100 million steps.
 * Picks (`region`, `alloc`, `at`) are resolved when the jump runs, against whatever the
 * regions hold at that moment.
 */
import fc from 'fast-check';

/**
 * Bytes of straight-line code and their operands: NOP, REX prefixes, `op al, imm8`, CBW, CWD,
 * TEST, `mov al/cl/dl/bl, imm8` (not B4..B7: after a REX prefix they are SPL, BPL, SIL, DIL, and
 * a changed RSP could make RET pop a pushed target again), RET and INT3 (early ends), and two
 * bytes that fault (06: #UD in 64-bit mode; F4 HLT: #GP at CPL 3).
 */
export const ALPHABET: readonly number[] = [
  0x90, 0x41, 0x48, 0x04, 0x0c, 0x24, 0x34, 0x3c, 0xa8, 0x98, 0x99, 0xb0, 0xb1, 0xb2, 0xb3, 0xc3, 0xcc, 0x06, 0xf4,
];

/** `push rdi; xor edi, edi; ret`: jumps to RDI once; reached again it jumps to 0 (a fault). */
export const TRAMPOLINE = Uint8Array.of(0x57, 0x31, 0xff, 0xc3);

/** movabs rax, 0xc3ef010f...; ret: WRPKRU; RET at offset 2 (issue 9 hole 1); no seal passes it. */
export const GADGET = Uint8Array.of(0x48, 0xb8, 0x0f, 0x01, 0xef, 0xc3, 0, 0, 0, 0, 0xc3);

/** What a compiler writes into an allocation. */
export type Body =
  | { readonly t: 'ret'; readonly imm: readonly number[] } // mov eax, imm32; ret
  | { readonly t: 'sled'; readonly bytes: readonly number[] } // alphabet bytes, then ret
  | { readonly t: 'gadget' } // refused by the verifier
  | { readonly t: 'tail' } // ... 0F 01 at the end: half a WRPKRU at the seam
  | { readonly t: 'head' }; // EF C3 at the start: the other half

/** How far one compiler episode takes its allocation before it leaves it (see adversary-world.ts). */
export type Stop =
  | 'reserved' | 'writing' | 'staged' | 'sealed' | 'published' | 'patched' | 'rewritten' | 'retired';

/** One compiler episode: reserve `size` bytes in a region, write a body, go as far as `stop`. */
export interface Episode {
  readonly region: number;
  /** Bytes reserved (1..40: most sizes leave int3 padding up to the 16-byte alignment). */
  readonly size: number;
  readonly body: Body;
  readonly stop: Stop;
  /** Write through a window ranged to the body's bytes only. */
  readonly ranged: boolean;
}

/** What an allocation is to a jumper: its state, with 'writing' split (window open, staged, refused). */
export type AllocLabel = 'reserved' | 'writing' | 'staged' | 'refused' | 'sealed' | 'published' | 'retired';

/** Where one jump goes. */
export interface Target {
  /** Index into the sandbox's regions, modulo their number (trampolines and runtime stubs included). */
  readonly region: number;
  /**
   * 'region': anywhere in [start - 64, end + 64) (guard pages included); 'alloc': near one
   * allocation of the region, any state, [start - 8, end of its padding + 8); 'state': near
   * one allocation of any region that is `state` now; 'staging': the region's staging image.
   */
  readonly near: 'region' | 'alloc' | 'state' | 'staging';
  /** Which allocation (n-th from the newest), for 'alloc' and 'state'. */
  readonly alloc: number;
  readonly state: AllocLabel;
  /** Position as a fraction of the span, in [0, 1). */
  readonly at: number;
}

/** One jump by an executor: host-driven (sbx.enter) or scheduled (sbx.start), after `wait` yields. */
export interface Jump {
  readonly via: 'enter' | 'start';
  readonly wait: number;
  readonly target: Target;
}

/** Everything one run needs. */
export interface AdvScenario {
  /** Seed of machine.scheduler(). */
  readonly seed: number;
  readonly codeKeys: number;
  readonly policy: 'pkey' | 'mprotect';
  /** Strict mode (a refused system call or an unaudited PKRU change ends the thread). */
  readonly strict: boolean;
  /** Code regions made by the test (besides the trampolines' and the runtime stubs'). */
  readonly regions: number;
  readonly compilers: readonly (readonly Episode[])[];
  readonly jumpers: readonly (readonly Jump[])[];
}

/** The bytes of a body, cut to `size`. */
export function bodyBytes(b: Body, size: number): Uint8Array {
  const full = b.t === 'ret' ? Uint8Array.of(0xb8, ...b.imm, 0xc3)
    : b.t === 'sled' ? Uint8Array.of(...b.bytes, 0xc3)
      : b.t === 'gadget' ? GADGET
        : b.t === 'tail' ? Uint8Array.of(...new Uint8Array(Math.max(0, size - 2)).fill(0x90), 0x0f, 0x01)
          : Uint8Array.of(0xef, 0xc3);
  return full.subarray(0, size);
}

const alpha = fc.constantFrom(...ALPHABET);
const body: fc.Arbitrary<Body> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ t: fc.constant('ret' as const), imm: fc.array(alpha, { minLength: 4, maxLength: 4 }) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('sled' as const), bytes: fc.array(alpha, { maxLength: 20 }) }) },
  { weight: 2, arbitrary: fc.constant({ t: 'gadget' as const }) },
  { weight: 1, arbitrary: fc.constant({ t: 'tail' as const }) },
  { weight: 1, arbitrary: fc.constant({ t: 'head' as const }) },
);

/** Every stop but 'sealed' is reached atomically from the scheduler's view when `withSealed` is false. */
const STOPS: readonly Stop[] = ['reserved', 'writing', 'staged', 'sealed', 'published', 'published', 'patched', 'rewritten', 'retired'];

function episode(withSealed: boolean): fc.Arbitrary<Episode> {
  return fc.record({
    region: fc.nat({ max: 3 }),
    size: fc.integer({ min: 1, max: 40 }),
    body,
    stop: fc.constantFrom(...STOPS.filter((s) => withSealed || s !== 'sealed')),
    ranged: fc.boolean(),
  });
}

const target: fc.Arbitrary<Target> = fc.record({
  region: fc.nat({ max: 7 }),
  near: fc.constantFrom('region' as const, 'region' as const, 'alloc' as const, 'alloc' as const, 'state' as const, 'state' as const, 'staging' as const),
  alloc: fc.nat({ max: 9 }),
  state: fc.constantFrom<AllocLabel>('reserved', 'writing', 'staged', 'refused', 'sealed', 'published', 'retired'),
  // Uniform (fast-check biases integers towards small values, which would all land at a span's start).
  at: fc.noBias(fc.integer({ min: 0, max: 0xffff })).map((n) => n / 0x10000),
});

const jump: fc.Arbitrary<Jump> = fc.record({ via: fc.constantFrom('enter' as const, 'enter' as const, 'start' as const), wait: fc.nat({ max: 3 }), target });

/** What random scenarios may hold. */
export interface AdvOptions {
  /** Compilers may leave an allocation sealed but not published across a yield (default false). */
  readonly withSealed?: boolean;
  /** W^X policies to draw from (default pkey twice as often as mprotect). */
  readonly policies?: ReadonlyArray<'pkey' | 'mprotect'>;
  /** Strict mode always, never, or either (default). */
  readonly strict?: boolean;
  /** Most compiler threads (default 2). */
  readonly compilers?: number;
}

/** Random scenarios. */
export function advScenarios(opts: AdvOptions = {}): fc.Arbitrary<AdvScenario> {
  return fc.record({
    seed: fc.integer({ min: 1, max: 0x7fffffff }),
    codeKeys: fc.integer({ min: 1, max: 3 }),
    policy: fc.constantFrom(...opts.policies ?? ['pkey', 'pkey', 'mprotect'] as const),
    strict: opts.strict === undefined ? fc.boolean() : fc.constant(opts.strict),
    regions: fc.integer({ min: 1, max: 3 }),
    compilers: fc.array(fc.array(episode(opts.withSealed ?? false), { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: opts.compilers ?? 2 }),
    jumpers: fc.array(fc.array(jump, { minLength: 1, maxLength: 16 }), { minLength: 1, maxLength: 3 }),
  });
}
