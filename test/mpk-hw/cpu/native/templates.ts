/**
 * Instruction templates of the differential generator, with the SDM's flag definitions:
 * each emits GNU `as` Intel-syntax text and declares which status flags it writes and which
 * of those it leaves undefined (SDM Vol.2 "Flags Affected" of each instruction).
 */
import type { Gen } from './generator.js';
import { AF, ALL_FLAGS, CF, OF, PF, SF, ZF, regName, reg64 } from './layout.js';

/** One kind of generated instruction (or small group). */
export interface Template {
  readonly name: string;
  readonly weight: number;
  /** Only at the top level: changes the stack or contains a block. */
  readonly topLevel?: boolean;
  gen(g: Gen): void;
}

/** Flags read by each condition code (SDM Vol.1 Table B-1), in encoding order. */
const CC = ['o', 'no', 'b', 'ae', 'e', 'ne', 'be', 'a', 's', 'ns', 'p', 'np', 'l', 'ge', 'le', 'g'];
const CC_IN = [OF, CF, ZF, CF | ZF, SF, PF, SF | OF, ZF | SF | OF];
const LEGACY8 = [0, 1, 2, 3, 16, 17, 18, 19];
const MUL_UNDEF = SF | ZF | AF | PF;

const hex = (v: bigint | number): string => (v < 0 ? `-0x${(-v).toString(16)}` : `0x${v.toString(16)}`);

function size(g: Gen, sizes = [1, 2, 4, 8]): number {
  return g.rng.pick(sizes);
}

/** An immediate for an operand of `n` bytes (8: a sign-extended imm32). */
function imm(g: Gen, n: number): string {
  const r = g.rng;
  const edge: Record<number, number[]> = {
    1: [0, 1, 0x7f, 0x80, 0xff, -1, -128], 2: [0, 1, 0x7fff, 0x8000, 0xffff, -1],
    4: [0, 1, 0x7fffffff, 0x80000000, 0xffffffff, -1], 8: [0, 1, -1, 0x7fffffff, -0x80000000, 2],
  };
  if (r.chance(0.6)) return hex(r.pick(edge[n] as number[]));
  const v = n === 8 ? (r.next() | 0) : r.next() % 2 ** (8 * n);
  return hex(v);
}

/** Whether register `r` (16..19 = AH..BH) may be written. */
function writable(g: Gen, r: number): boolean {
  const full = r >= 16 ? r - 16 : r;
  return r !== 4 && full !== g.base && full !== g.index;
}

/** Register operands at `n` bytes; byte operands sometimes use AH..BH (then no REX anywhere). */
function regs(g: Gen, n: number, count: number, destFirst: boolean): { r: number[]; legacy: boolean } {
  const legacy = n === 1 && g.rng.chance(0.3);
  const r: number[] = [];
  while (r.length < count) {
    const x = legacy ? g.rng.pick(LEGACY8) : g.rng.int(16);
    if (x === 4 || (destFirst && r.length === 0 && !writable(g, x))) continue;
    r.push(x);
  }
  return { r, legacy };
}

/** Operands of a two-operand form: 0 r,r  1 r,m  2 m,r  3 r,imm  4 m,imm. */
function twoOps(g: Gen, n: number, form: number, writes: boolean): string {
  const { r, legacy } = regs(g, n, 2, writes);
  const a = regName(r[0] as number, n), b = regName(r[1] as number, n);
  switch (form) {
    case 0: return `${a}, ${b}`;
    case 1: return `${a}, ${g.mem(n, false, legacy)}`;
    case 2: return `${g.mem(n, writes, legacy)}, ${b}`;
    case 3: return `${a}, ${imm(g, n)}`;
    default: return `${g.mem(n, writes, legacy)}, ${imm(g, n)}`;
  }
}

/** A single r/m operand (register or memory). */
function oneOp(g: Gen, n: number, writes: boolean): string {
  const { r, legacy } = regs(g, n, 1, writes);
  return g.rng.chance(0.6) ? regName(r[0] as number, n) : g.mem(n, writes, legacy);
}

const alu: Template = {
  name: 'alu', weight: 14,
  gen(g) {
    const op = g.rng.pick(['add', 'or', 'adc', 'sbb', 'and', 'sub', 'xor', 'cmp']);
    if (op === 'adc' || op === 'sbb') g.need(CF);
    const logic = op === 'and' || op === 'or' || op === 'xor';
    g.emit(`${op} ${twoOps(g, size(g), g.rng.int(5), op !== 'cmp')}`, ALL_FLAGS, logic ? AF : 0);
  },
};

const test: Template = {
  name: 'test', weight: 3,
  gen(g) {
    g.emit(`test ${twoOps(g, size(g), g.rng.pick([0, 2, 3, 4]), false)}`, ALL_FLAGS, AF);
  },
};

const unary: Template = {
  name: 'unary', weight: 6,
  gen(g) {
    const op = g.rng.pick(['inc', 'dec', 'neg', 'not']);
    const w = op === 'not' ? 0 : op === 'neg' ? ALL_FLAGS : ALL_FLAGS & ~CF;
    g.emit(`${op} ${oneOp(g, size(g), true)}`, w, 0);
  },
};

const mul: Template = {
  name: 'mul', weight: 4,
  gen(g) {
    g.emit(`${g.rng.pick(['mul', 'imul'])} ${oneOp(g, size(g), false)}`, ALL_FLAGS, MUL_UNDEF);
  },
};

const imul: Template = {
  name: 'imul', weight: 4,
  gen(g) {
    const n = size(g, [2, 4, 8]);
    const d = regName(g.dest(), n);
    const src = g.rng.chance(0.5) ? regName(g.src(), n) : g.mem(n, false);
    const form = g.rng.int(3);
    const text = form === 0 ? `imul ${d}, ${src}` : `imul ${d}, ${src}, ${form === 1 ? hex(g.rng.int(256) - 128) : imm(g, n === 8 ? 8 : n)}`;
    g.emit(text, ALL_FLAGS, MUL_UNDEF);
  },
};

/** A divisor value for `n` bytes: never 0, never -1 when signed; memory at n = 8 needs an imm32. */
function divisor(g: Gen, n: number, signed: boolean, imm32: boolean): bigint {
  const bits = BigInt(8 * n);
  const mask = (1n << bits) - 1n;
  for (;;) {
    let v = g.rng.chance(0.3) ? BigInt(1 + g.rng.int(16)) : g.rng.bits64() & mask;
    if (imm32 && n === 8) v = BigInt.asUintN(64, BigInt(g.rng.next() | 0));
    if (v !== 0n && !(signed && v === mask)) return v;
  }
}

const div: Template = {
  name: 'div', weight: 4,
  gen(g) {
    const n = size(g);
    const signed = g.rng.chance(0.5);
    const inMem = g.rng.chance(0.4);
    const d = divisor(g, n, signed, inMem);
    let D: number;
    do D = g.dest(); while (D === 0 || D === 2);
    const operand = inMem ? g.mem(n, true) : regName(D, n);
    g.emit(`mov ${operand}, ${hex(n === 8 && inMem ? BigInt.asIntN(64, d) : d)}`);
    if (signed) {
      g.emit(n === 1 ? 'movsx ax, al' : n === 2 ? 'cwd' : n === 4 ? 'cdq' : 'cqo');
    } else {
      const high = d <= 1n ? 0n : (g.rng.bits64() % d);
      g.emit(`mov ${n === 1 ? 'ah' : regName(2, n)}, ${hex(high)}`);
    }
    g.emit(`${signed ? 'idiv' : 'div'} ${operand}`, ALL_FLAGS, ALL_FLAGS);
  },
};

const SHIFT_COUNTS = [0, 1, 2, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 70];

const shift: Template = {
  name: 'shift', weight: 7,
  gen(g) {
    const op = g.rng.pick(['rol', 'ror', 'shl', 'shr', 'sar']);
    const n = size(g);
    const dst = oneOp(g, n, true);
    const form = g.rng.int(3);
    const k = form === 0 ? 1 : g.rng.chance(0.6) ? g.rng.pick(SHIFT_COUNTS) : g.rng.int(71);
    if (form === 2) g.emit(`mov cl, ${k}`);
    g.emit(`${op} ${dst}, ${form === 2 ? 'cl' : k}`, ...shiftFlags(op, n, k));
  },
};

/** [written, undefined] flags of a shift/rotate with a known count (SDM SAL/SAR/SHL/SHR, ROL/ROR). */
function shiftFlags(op: string, n: number, k: number): [number, number] {
  const masked = k & (n === 8 ? 63 : 31);
  if (masked === 0) return [0, 0];
  if (op === 'rol' || op === 'ror') return [CF | OF, masked === 1 ? 0 : OF];
  const cfUndef = (op === 'shl' || op === 'shr') && masked >= 8 * n ? CF : 0;
  return [ALL_FLAGS, AF | (masked === 1 ? 0 : OF) | cfUndef];
}

/** Encodings `as` never emits: SHL as /6 (the SAL alias) and TEST as F6/F7 /1. */
const aliases: Template = {
  name: 'aliases', weight: 1,
  gen(g) {
    const r = g.dest();
    const rex = 0x48 | (r >= 8 ? 1 : 0);
    const modrm = (x: number): string => hex(0xc0 | (x << 3) | (r & 7));
    const k = g.rng.int(4);
    if (k === 3 && g.rng.chance(0.5)) {
      g.emit(`.byte 0xf6, ${hex(0xc8 + g.rng.int(8))}, ${hex(g.rng.int(256))}`, ALL_FLAGS, AF); // test r8, imm8 (/1)
      return;
    }
    if (k === 3) {
      const v = g.rng.next();
      const bytes = [0, 8, 16, 24].map((s) => hex((v >>> s) & 0xff)).join(', ');
      g.emit(`.byte ${hex(rex)}, 0xf7, ${modrm(1)}, ${bytes}`, ALL_FLAGS, AF);
      return;
    }
    const count = k === 0 ? 1 : g.rng.int(70);
    const byte = g.rng.chance(0.5);
    if (k === 2) g.emit(`mov cl, ${count}`);
    const op = (k === 0 ? 0xd1 : k === 1 ? 0xc1 : 0xd3) - (byte ? 1 : 0);
    const tail = k === 1 ? `, ${hex(count)}` : '';
    g.emit(`.byte ${hex(byte ? rex & ~8 : rex)}, ${hex(op)}, ${modrm(6)}${tail}`, ...shiftFlags('shl', byte ? 1 : 8, count));
  },
};

const mov: Template = {
  name: 'mov', weight: 10,
  gen(g) {
    if (g.rng.chance(0.15)) {
      g.emit(`mov ${reg64(g.dest())}, ${hex(g.rng.bits64())}`);
      return;
    }
    g.emit(`mov ${twoOps(g, size(g), g.rng.int(5), true)}`);
  },
};

const extend: Template = {
  name: 'extend', weight: 4,
  gen(g) {
    const k = g.rng.int(3);
    if (k === 2) {
      const src = g.rng.chance(0.5) ? regName(g.src(), 4) : g.mem(4, false);
      g.emit(`movsxd ${reg64(g.dest())}, ${src}`);
      return;
    }
    const from = g.rng.pick([1, 2]);
    const to = size(g, from === 1 ? [2, 4, 8] : [4, 8]);
    const d = g.dest();
    const legacy = from === 1 && d < 8 && to < 8 && g.rng.chance(0.3);
    const srcReg = legacy ? g.rng.pick(LEGACY8) : g.src();
    const src = g.rng.chance(0.5) ? regName(srcReg, from) : g.mem(from, false, legacy);
    g.emit(`${k === 0 ? 'movzx' : 'movsx'} ${regName(d, to)}, ${src}`);
  },
};

const lea: Template = {
  name: 'lea', weight: 3,
  gen(g) {
    const n = size(g, [2, 4, 8]);
    const s = g.rng.pick([1, 2, 4, 8]);
    const disp = hex(g.rng.int(0x20000) - 0x10000);
    const addr = g.rng.int(4);
    const inside = addr === 0 ? `rip+c${g.id}_pool` : addr === 1 ? `rsp+${disp}`
      : addr === 2 ? `${regName(g.src(), 4)}+${regName(g.src(), 4)}*${s}+${disp}` : `${reg64(g.src())}+${reg64(g.src())}*${s}+${disp}`;
    g.emit(`lea ${regName(g.dest(), n)}, [${inside}]`);
  },
};

const setcc: Template = {
  name: 'setcc', weight: 3,
  gen(g) {
    const cc = g.rng.int(16);
    g.need(CC_IN[cc >> 1] as number);
    g.emit(`set${CC[cc]} ${oneOp(g, 1, true)}`);
  },
};

const cmov: Template = {
  name: 'cmov', weight: 3,
  gen(g) {
    const cc = g.rng.int(16);
    const n = size(g, [2, 4, 8]);
    g.need(CC_IN[cc >> 1] as number);
    const src = g.rng.chance(0.5) ? regName(g.src(), n) : g.mem(n, false);
    g.emit(`cmov${CC[cc]} ${regName(g.dest(), n)}, ${src}`);
  },
};

const convert: Template = {
  name: 'cbw', weight: 2,
  gen(g) {
    g.emit(g.rng.pick(['cbw', 'cwde', 'cdqe', 'cwd', 'cdq', 'cqo']));
  },
};

/** Integer templates. */
export const INTEGER_TEMPLATES: readonly Template[] = [alu, test, unary, mul, imul, div, shift, aliases, mov, extend, lea, setcc, cmov, convert];

export { CC, CC_IN, twoOps, oneOp, hex };
