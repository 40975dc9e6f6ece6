/**
 * Random instruction sequences for the native differential test.  Each case is a short
 * straight-line (plus forward-branch) sequence of GNU `as` Intel-syntax text over the modelled
 * subset, with an initial state, such that it cannot fault natively:
 *  - two reserved registers: B (base, points into the data buffer, never written) and X
 *    (index, a small value, never written); every memory operand is [B + X*s + d], [B + d],
 *    an absolute address in the buffer, or [rip + pool] (read-only, the pool follows the code);
 *  - divisions get a divisor and dividend that cannot raise #DE; shifts by CL get `mov cl, k`
 *    first so the count is known;
 *  - flags: the generator tracks which status flags are undefined (per the SDM) after each
 *    instruction; flag readers (Jcc, SETcc, CMOVcc, ADC, SBB) only run when their inputs are
 *    defined, and the final comparison masks the still-undefined ones.  Inside a forward-branch
 *    block flag writes may not happen, so they only add undefined flags there.
 */
import { Rng } from './rng.js';
import { ALL_FLAGS, DATA_ADDR, EXIT_SLOT, PTR, STACK_START, reg32, reg64 } from './layout.js';
import { FLOW_TEMPLATES } from './flow.js';
import { INTEGER_TEMPLATES, type Template } from './templates.js';

const TEMPLATES: readonly Template[] = [...INTEGER_TEMPLATES, ...FLOW_TEMPLATES];

/** One generated test case. */
export interface Case {
  readonly id: number;
  /** Body lines (between the start and end labels). */
  readonly body: readonly string[];
  /** Read-only quadwords placed after the code (rip-relative operands). */
  readonly pool: readonly bigint[];
  readonly gpr: readonly bigint[];
  readonly rflags: number;
  readonly xmm: readonly bigint[];
  readonly data: Uint8Array;
  /** Status flags undefined at the end (masked in the comparison). */
  readonly undefinedFlags: number;
}

const EDGE64 = [0n, 1n, 2n, 0xffff_ffff_ffff_ffffn, 0x7fff_ffffn, 0x8000_0000n, 0xffff_ffffn, 0x8000_0000_0000_0000n,
  0x7fff_ffff_ffff_ffffn, 0xffn, 0x80n, 0x7fn, 0xffffn, 0x8000n, 0x1_0000_0000n, 0xffff_ffff_8000_0000n];
const DOUBLES = [0, -0, 1, -1, 0.5, -2.5, 1.5, 2.5, 3.5, 1e308, -1e308, Infinity, -Infinity, NaN, 5e-324, -5e-324,
  2.2250738585072014e-308, 2 ** 31, -(2 ** 31), 2 ** 63, -(2 ** 63), 2 ** 53 + 1, 1 / 3, Math.PI, -1e-10, 4294967295.5,
  2147483647, 2147483647.5, -2147483648.5, -2147483649, 2 ** 63 - 1024, -(2 ** 63) - 2048, 0.49999999999999994, -0.5, 4503599627370497];

/** Generation state of one case. */
export class Gen {
  /** Emitted lines, in layout order. */
  lines: string[] = [];
  /** Status flags currently undefined. */
  undef = 0;
  /** > 0 while emitting a block a forward branch may skip. */
  condDepth = 0;
  /** Bytes pushed and not yet popped by the sequence. */
  stackDepth = 0;
  private labels = 0;

  constructor(readonly rng: Rng, readonly id: number, readonly base: number, readonly index: number) {}

  /** Emits a line that writes flags `w`, of which `u` are left undefined. */
  emit(line: string, w = 0, u = 0): void {
    this.lines.push(line);
    this.undef = this.condDepth > 0 ? this.undef | u : (this.undef & ~w) | u;
  }

  /** Makes the flags in `mask` defined (with a CMP) before an instruction reads them. */
  need(mask: number): void {
    if ((this.undef & mask) !== 0) this.emit(`cmp ${reg64(this.src())}, ${reg64(this.src())}`, ALL_FLAGS, 0);
  }

  /** A fresh label name. */
  label(): string {
    return `c${this.id}_L${this.labels++}`;
  }

  /** A register that may be written: not RSP, not B, not X. */
  dest(): number {
    for (;;) {
      const r = this.rng.int(16);
      if (r !== 4 && r !== this.base && r !== this.index) return r;
    }
  }

  /** A register that may be read (anything but RSP, whose value is still identical, kept out for simplicity). */
  src(): number {
    for (;;) {
      const r = this.rng.int(16);
      if (r !== 4) return r;
    }
  }

  /** A memory operand of `size` bytes; `write` excludes the read-only pool; `legacy`: no REX allowed. */
  mem(size: number, write: boolean, legacy = false): string {
    const r = this.rng;
    const ptr = PTR[size] as string;
    const disp = size === 16 ? 16 * (r.int(64) - 32) : r.int(0x800) - 0x400;
    const d = disp < 0 ? `-0x${(-disp).toString(16)}` : `+0x${disp.toString(16)}`;
    const b = reg64(this.base), x = reg64(this.index);
    const abs = `${ptr} ds:0x${(DATA_ADDR + 0x800 + disp).toString(16)}`;
    if (size === 16) return r.chance(0.8) ? `${ptr} [${b}${d}]` : abs;
    if (legacy && (this.base >= 8 || this.index >= 8)) return abs;
    const k = r.int(8);
    switch (write && k === 6 ? 2 : k) {
      case 0: return abs;
      case 1: return `${ptr} [${b}]`;
      case 2: case 3: return `${ptr} [${b}${d}]`;
      case 4: return `${ptr} [${b}+${x}*${r.pick([1, 2, 4, 8])}${d}]`;
      case 5: return `${ptr} [${x}*${r.pick([1, 2, 4, 8])}+${b}]`;
      case 6: return `${ptr} [rip+c${this.id}_pool+${r.int(64 - size + 1)}]`;
      default: return `${ptr} [${reg32(this.base)}${d}]`;
    }
  }

  /** Emits one random instruction (or a small group); blocks only at the top level. */
  instr(inBlock: boolean): void {
    const pool = inBlock ? TEMPLATES.filter((t) => t.topLevel !== true) : TEMPLATES;
    pickWeighted(this.rng, pool).gen(this);
  }
}

function pickWeighted(rng: Rng, ts: readonly Template[]): Template {
  const total = ts.reduce((s, t) => s + t.weight, 0);
  let x = rng.int(total);
  for (const t of ts) {
    x -= t.weight;
    if (x < 0) return t;
  }
  return ts[0] as Template;
}

/** Builds case `id` from `rng`. */
export function generateCase(rng: Rng, id: number, length: number): Case {
  const pickable = [3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
  const base = rng.pick(pickable);
  const index = rng.pick(pickable.filter((r) => r !== base));
  const g = new Gen(rng, id, base, index);
  const gpr = Array.from({ length: 16 }, () => (rng.chance(0.5) ? rng.pick(EDGE64) : rng.bits64()));
  gpr[base] = BigInt(DATA_ADDR + 0x800 + 16 * rng.int(9));
  gpr[index] = BigInt(rng.int(32));
  gpr[4] = BigInt(STACK_START);
  const xmm = Array.from({ length: 16 }, () => randomDouble(rng));
  const data = new Uint8Array(4096);
  const view = new DataView(data.buffer);
  for (let off = 0; off < 4096; off += 8) {
    if (rng.chance(0.5)) view.setBigUint64(off, rng.chance(0.5) ? rng.pick(EDGE64) : rng.bits64(), true);
    else view.setBigUint64(off, randomDouble(rng), true);
  }
  for (let n = 0; n < length; n++) g.instr(false);
  const pool = Array.from({ length: 8 }, () => (rng.chance(0.5) ? randomDouble(rng) : rng.bits64()));
  const rflags = 0x202 | (rng.next() & ALL_FLAGS);
  return { id, body: g.lines, pool, gpr, rflags, xmm, data, undefinedFlags: g.undef };
}

/** Raw bits of an interesting double (specials, edge values, random bit patterns, SNaNs). */
export function randomDouble(rng: Rng): bigint {
  const k = rng.int(10);
  if (k < 5) return bitsOf(rng.pick(DOUBLES) * (rng.chance(0.2) ? -1 : 1));
  if (k < 7) return bitsOf((rng.next() - 2 ** 31) / (1 + rng.int(1000)));
  if (k === 7) return 0x7ff0_0000_0000_0000n | BigInt(1 + rng.int(0xffff)) | (rng.chance(0.5) ? 1n << 63n : 0n); // SNaN
  if (k === 8) return 0x7ff8_0000_0000_0000n | BigInt(rng.int(0xffff)) | (rng.chance(0.5) ? 1n << 63n : 0n); // QNaN
  return rng.bits64();
}

function bitsOf(d: number): bigint {
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, d, true);
  return v.getBigUint64(0, true);
}

/** The assembly text of all cases (one `as` run): start/end labels, exit jump, pool. */
export function assemblySource(cases: readonly Case[]): string {
  const out: string[] = [];
  for (const c of cases) {
    out.push(`c${c.id}_start:`, ...c.body, `c${c.id}_end:`, `jmp QWORD PTR ds:0x${EXIT_SLOT.toString(16)}`, `c${c.id}_pool:`);
    out.push(...c.pool.map((q) => `.quad 0x${q.toString(16)}`));
  }
  return out.join('\n');
}
