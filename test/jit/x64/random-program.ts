/**
 * Seeded random programs for the round-trip test: random rows of the table with random
 * operands (any register, any addressing mode, immediates anywhere in range), label branches
 * forward and backward, and [rip+label] references. Same seed, same program.
 */

import {
  Assembler, CONDITION_CODES, GPR16, GPR32, GPR64, GPR8, HIGH8, JitError, ROWS, XMM, mem, rip,
  type Address, type EncodingRow, type Mem, type MemSize, type Imm, type Label, type Operand, type OperandSpec,
} from '../../../jit/x64/index.js';

/** mulberry32: a small, well-mixed 32-bit PRNG. */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Gen {
  /** Random source in [0, 1). */
  readonly rand: () => number;
  /** The program being built. */
  readonly a: Assembler;
  /** Forward labels and the instruction index each gets bound before. */
  readonly pending: Array<{ readonly label: Label; readonly at: number }> = [];
  /** Recently bound labels, targets of backward references. */
  readonly recent: Label[] = [];
  /** Index of the instruction being generated. */
  step = 0;
  constructor(seed: number, a: Assembler) {
    this.rand = prng(seed);
    this.a = a;
  }
  int(n: number): number {
    return Math.floor(this.rand() * n);
  }
  pick<T>(xs: readonly T[]): T {
    const x = xs[this.int(xs.length)];
    if (x === undefined) throw new Error('pick from empty list');
    return x;
  }
  chance(p: number): boolean {
    return this.rand() < p;
  }
  /** A label near the current position: a recent one behind, or a new one up to 40 instructions ahead. */
  label(): Label {
    if (this.recent.length > 0 && this.chance(0.5)) return this.pick(this.recent.slice(-4));
    const label = this.a.newLabel();
    this.pending.push({ label, at: this.step + 1 + this.int(40) });
    return label;
  }
  /** Binds the pending labels that are due (all of them when `all`). */
  bindDue(all = false): void {
    for (const p of this.pending.filter((q) => all || q.at <= this.step)) {
      this.a.bind(p.label);
      this.recent.push(p.label);
      this.pending.splice(this.pending.indexOf(p), 1);
    }
  }
}

function randomDisp(g: Gen): number {
  const r = g.rand();
  if (r < 0.3) return 0;
  if (r < 0.6) return g.int(256) - 128;
  if (r < 0.7) return g.pick([-129, -128, 127, 128, 0x7fffffff, -0x80000000]);
  return g.int(2 ** 32) - 2 ** 31;
}

function randomAddress(g: Gen): Address | Mem {
  const r = g.rand();
  if (r < 0.05) return rip(g.label(), g.chance(0.5) ? 0 : g.int(64) - 32);
  if (r < 0.1) return rip(randomDisp(g));
  if (r < 0.13) return { disp: randomDisp(g) };
  const base = g.chance(0.9) ? g.pick(GPR64) : undefined;
  const index = base === undefined || g.chance(0.5) ? g.pick(GPR64.filter((x) => x.num !== 4)) : undefined;
  const scale = index === undefined ? 1 : g.pick([1, 2, 4, 8] as const);
  const disp = randomDisp(g);
  const forced = base !== undefined && g.chance(0.05) ? (disp >= -128 && disp <= 127 && g.chance(0.5) ? 8 : 32) : undefined;
  return { ...(base ? { base } : {}), ...(index ? { index, scale } : {}), disp, ...(forced ? { dispSize: forced } : {}) };
}

function randomMem(g: Gen, size: MemSize | undefined): Operand {
  return mem(randomAddress(g), size);
}

function randomGpr(g: Gen, size: number): Operand {
  if (size === 8 && g.chance(0.15)) return g.pick(HIGH8);
  return g.pick<Operand>({ 8: GPR8, 16: GPR16, 32: GPR32, 64: GPR64 }[size] ?? GPR64);
}

function randomImm(g: Gen, spec: Extract<OperandSpec, { k: 'imm' }>): Imm {
  if (spec.unsigned) return g.int(256);
  let raw = 0n;
  for (let i = 0; i < spec.size; i += 16) raw |= BigInt(g.int(0x10000)) << BigInt(i);
  const v = BigInt.asIntN(spec.size, raw);
  const shown = g.chance(0.5) ? v : BigInt.asUintN(spec.ext, v);
  return shown >= BigInt(Number.MIN_SAFE_INTEGER) && shown <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(shown) : shown;
}

function randomOperand(g: Gen, spec: OperandSpec): Operand {
  switch (spec.k) {
    case 'gpr': return randomGpr(g, spec.size);
    case 'rm': return g.chance(0.5) ? randomGpr(g, spec.size) : randomMem(g, spec.size);
    case 'xmm': return g.pick(XMM);
    case 'xmmrm': return g.chance(0.5) ? g.pick(XMM) : randomMem(g, spec.size);
    case 'm': return randomMem(g, undefined);
    case 'imm': return randomImm(g, spec);
    case 'fixed': return spec.reg;
    case 'one': return 1;
    case 'rel': return g.label();
  }
}

function emitBranch(g: Gen, a: Assembler): void {
  const l = g.label();
  const r = g.rand();
  if (r < 0.3) a.jmp(l);
  else if (r < 0.8) a.jcc(g.pick(CONDITION_CODES), l);
  else a.call(l);
}

function emitRandomRow(g: Gen, a: Assembler, rows: readonly EncodingRow[]): void {
  for (;;) {
    const row = g.pick(rows);
    const ops = row.specs.map((s) => randomOperand(g, s));
    try {
      a.emit(row.api[0] ?? row.mnem, ...ops);
      return;
    } catch (e) {
      if (!(e instanceof JitError) || e.code !== 'X64_HIGH8_REX') throw e;
    }
  }
}

/** A finished random program of `count` instructions (about 8% label branches). */
export function randomProgram(seed: number, count: number): Assembler {
  const a = new Assembler();
  const g = new Gen(seed, a);
  const rows = ROWS.filter((r) => r.en !== 'D');
  for (g.step = 0; g.step < count; g.step++) {
    g.bindDue();
    if (g.chance(0.08)) emitBranch(g, a);
    else emitRandomRow(g, a, rows);
  }
  g.bindDue(true);
  a.finish();
  return a;
}
