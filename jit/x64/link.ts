/**
 * Layout and linking: turns the assembler's chunk list into bytes. Label branches start in
 * their rel8 form; every pass lays the code out and grows each rel8 branch whose displacement
 * no longer fits into its rel32 form. Growth only moves code forward, so the passes end (at
 * most one per branch) with every branch as short as it can be, the same choice GNU as makes.
 * Alignment padding (AlignChunk) is recomputed by each pass, so it never undoes a growth.
 */

import { assert, JitError } from './errors.js';
import type { Encoded } from './encode.js';
import { Absolute, Label, type Mem, type Operand, type RefTarget } from './operands.js';
import type { EncodingRow } from './sdm-row.js';

/** One emitted instruction, as recorded by the assembler before layout. */
export interface InsnChunk {
  readonly kind: 'insn';
  row: EncodingRow;
  readonly operands: readonly Operand[];
  enc: Encoded;
  /** The rel32 form this rel8 label branch grows into; undefined once grown or not a branch. */
  grow: { readonly row: EncodingRow; readonly enc: Encoded } | undefined;
}

/** Raw bytes (constants for [rip+label] loads). */
export interface DataChunk {
  readonly kind: 'data';
  readonly bytes: readonly number[];
}

/**
 * Padding to a boundary: as many bytes as make `offset + skew` a multiple of `boundary` (the
 * SDM's recommended multi-byte NOPs, Vol.2B NOP), so that a field `skew` bytes into the next
 * instruction is aligned, e.g. the imm64 of a MOV an 8-byte patch rewrites (sdk/patch.ts).
 */
export interface AlignChunk {
  readonly kind: 'align';
  readonly boundary: number;
  readonly skew: number;
}

export type Chunk = InsnChunk | DataChunk | AlignChunk;

/** The recommended NOP of each length 1..7 (SDM Vol.2B NOP, Table 4-12). */
const NOPS: readonly (readonly number[])[] = [
  [],
  [0x90],
  [0x66, 0x90],
  [0x0f, 0x1f, 0x00],
  [0x0f, 0x1f, 0x40, 0x00],
  [0x0f, 0x1f, 0x44, 0x00, 0x00],
  [0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00],
  [0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00],
];

/** The NOP bytes of `n` bytes of padding. */
function nopBytes(n: number): number[] {
  const out: number[] = [];
  for (let left = n; left > 0; left -= Math.min(7, left)) out.push(...(NOPS[Math.min(7, left)] ?? []));
  return out;
}

function alignLength(c: AlignChunk, at: number): number {
  return (c.boundary - ((at + c.skew) % c.boundary)) % c.boundary;
}

/** One instruction of the finished code: where it is, its bytes, and operands with labels resolved. */
export interface EmittedInsn {
  /** Offset from the start of the code, in bytes. */
  readonly offset: number;
  readonly bytes: Uint8Array;
  readonly row: EncodingRow;
  /** Operands in Intel order; labels are replaced by Targets and [rip+label] by [rip+disp32]. */
  readonly operands: readonly Operand[];
}

/** Finished code: the bytes, the instructions in them, and where each label is. */
export interface Linked {
  readonly bytes: Uint8Array;
  readonly insns: readonly EmittedInsn[];
  /** The offset of each bound label, by label id (undefined when unbound). */
  readonly labels: readonly (number | undefined)[];
}

function chunkLength(c: Chunk, at: number): number {
  if (c.kind === 'align') return alignLength(c, at);
  return c.kind === 'data' ? c.bytes.length : c.enc.bytes.length;
}

/** offsets[i] is where chunk i starts; offsets[chunks.length] is the code size. */
function layout(chunks: readonly Chunk[]): number[] {
  const offsets = [0];
  let at = 0;
  for (const c of chunks) offsets.push((at += chunkLength(c, at)));
  return offsets;
}

/** Where a reference points, as an offset from the start of the code (an absolute address less the origin). */
function labelOffset(label: RefTarget, boundAt: readonly (number | undefined)[], offsets: readonly number[], origin: number | undefined): number {
  if (label instanceof Absolute) {
    if (origin === undefined) {
      throw new JitError('X64_ORIGIN', `the code refers to ${label.toString()}: finish({ origin }) must say where the code will be`, { address: label.address });
    }
    return label.address - origin;
  }
  const chunk = boundAt[label.id];
  if (chunk === undefined) throw new JitError('X64_LABEL', `label ${label.toString()} is used but never bound`, { label: label.id });
  const off = offsets[chunk];
  assert(off !== undefined, `label ${label.toString()} bound past the end`);
  return off;
}

function relax(chunks: readonly Chunk[], boundAt: readonly (number | undefined)[], origin: number | undefined): number[] {
  for (;;) {
    const offsets = layout(chunks);
    let grew = false;
    chunks.forEach((c, i) => {
      if (c.kind !== 'insn' || c.grow === undefined || c.enc.fixup === undefined) return;
      const end = (offsets[i] ?? 0) + c.enc.bytes.length;
      const rel = labelOffset(c.enc.fixup.label, boundAt, offsets, origin) - end;
      if (rel >= -128 && rel <= 127) return;
      c.row = c.grow.row;
      c.enc = c.grow.enc;
      c.grow = undefined;
      grew = true;
    });
    if (!grew) return offsets;
  }
}

function resolveOperand(op: Operand, target: number | undefined, end: number): Operand {
  if (target === undefined || typeof op !== 'object' || op === null) return op;
  if (op instanceof Label || op instanceof Absolute) return { kind: 'target', offset: target };
  if (op.kind === 'mem' && op.mode === 'rip' && op.label !== undefined) {
    const m: Mem = { kind: 'mem', mode: 'rip', disp: target + op.disp - end, label: undefined, size: op.size };
    return m;
  }
  return op;
}

function patch(out: Uint8Array, at: number, size: 1 | 4, value: number): void {
  const ok = size === 1 ? value >= -128 && value <= 127 : value >= -0x8000_0000 && value <= 0x7fff_ffff;
  assert(ok, `fixup value ${value} does not fit ${size} byte(s)`);
  for (let i = 0; i < size; i++) out[at + i] = (value >> (8 * i)) & 0xff;
}

/**
 * Lays out `chunks` (labels bound at chunk indexes `boundAt[label.id]`), relaxes branches,
 * patches fixups; absolute targets are resolved against `origin`, the code's address.
 */
export function link(chunks: readonly Chunk[], boundAt: readonly (number | undefined)[], origin?: number): Linked {
  const offsets = relax(chunks, boundAt, origin);
  const out = new Uint8Array(offsets[chunks.length] ?? 0);
  const insns: EmittedInsn[] = [];
  chunks.forEach((c, i) => {
    const start = offsets[i] ?? 0;
    if (c.kind === 'data') return out.set(c.bytes, start);
    if (c.kind === 'align') return out.set(nopBytes(alignLength(c, start)), start);
    out.set(c.enc.bytes, start);
    const end = start + c.enc.bytes.length;
    const fix = c.enc.fixup;
    const target = fix === undefined ? undefined : labelOffset(fix.label, boundAt, offsets, origin);
    if (fix !== undefined && target !== undefined) {
      const value = target + fix.addend - end;
      if (fix.label instanceof Absolute && (value < -0x8000_0000 || value > 0x7fff_ffff)) {
        throw new JitError('X64_RANGE', `${fix.label.toString()} is ${value} bytes from the instruction at ${origin === undefined ? start : origin + start}: ` +
          'beyond rel32 (±2 GiB); call it through a register or a slot in runtime data', { address: fix.label.address });
      }
      patch(out, start + fix.at, fix.size, value);
    }
    const operands = Object.freeze(c.operands.map((op) => resolveOperand(op, target, end)));
    insns.push(Object.freeze({ offset: start, bytes: out.slice(start, end), row: c.row, operands }));
  });
  const labels = boundAt.map((chunk) => (chunk === undefined ? undefined : offsets[chunk]));
  return { bytes: out, insns: Object.freeze(insns), labels: Object.freeze(labels) };
}
