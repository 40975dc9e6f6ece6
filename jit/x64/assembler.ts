/**
 * The x86-64 assembler: builder methods named after the SDM mnemonics append instructions;
 * labels mark positions; finish() relaxes branches, patches label references and returns the
 * bytes. Each call picks its encoding form from the table (encodings.ts) by operand types.
 */

import { CONDITION_CODES, ROWS_BY_API, type Cond } from './encodings.js';
import { encode } from './encode.js';
import { JitError } from './errors.js';
import { link, type Chunk, type EmittedInsn, type Linked } from './link.js';
import { selectRow } from './match.js';
import { Absolute, Label, dword, isMem, word, type Imm, type Mem, type Operand } from './operands.js';
import { ax, rax, type Gpr, type Gpr32, type Gpr64, type Gpr8, type Xmm } from './regs.js';
import type { EncodingRow } from './sdm-row.js';

/** A register or memory destination/source. */
type RM = Gpr | Mem;
/** A register, memory or immediate source. */
type Src = Gpr | Mem | Imm;

/** SDM Vol.2B NOP: the recommended multi-byte sequences, as [16-bit form, disp8 0, index, disp32]. */
const NOP_FORMS: Readonly<Record<number, readonly [boolean, 0 | 8 | 32, boolean]>> = {
  3: [false, 0, false], // 0F 1F 00            nop DWORD PTR [rax]
  4: [false, 8, false], // 0F 1F 40 00         nop DWORD PTR [rax+0x0]
  5: [false, 8, true], //  0F 1F 44 00 00      nop DWORD PTR [rax+rax*1+0x0]
  6: [true, 8, true], //   66 0F 1F 44 00 00   nop WORD PTR [rax+rax*1+0x0]
  7: [false, 32, false], // 0F 1F 80 00000000  nop DWORD PTR [rax+0x0]
  8: [false, 32, true], // 0F 1F 84 00 00000000  nop DWORD PTR [rax+rax*1+0x0]
  9: [true, 32, true], //  66 0F 1F 84 00 00000000  nop WORD PTR [rax+rax*1+0x0]
};

/** Builds one piece of x86-64 code. Not reusable: finish() ends it. */
export class Assembler {
  /** Emitted instructions and data, in order. */
  private readonly chunks: Chunk[] = [];
  /** boundAt[label.id]: index of the chunk the label precedes; undefined while unbound. */
  private readonly boundAt: Array<number | undefined> = [];
  /** Number of instructions (not data chunks) emitted so far. */
  private insnCount = 0;
  /** The finished code once finish() has run; emits after that throw X64_FINISHED. */
  private linked: Linked | undefined = undefined;
  /** The origin finish() linked for. */
  private linkedAt: number | undefined = undefined;

  /** Instructions emitted so far; the index the next instruction will have in `instructions`. */
  get count(): number {
    return this.insnCount;
  }

  /** A new unbound label owned by this assembler. */
  newLabel(): Label {
    this.boundAt.push(undefined);
    return new Label(this, this.boundAt.length - 1);
  }

  /** Binds `label` to the current position (the next instruction's offset). */
  bind(label: Label): this {
    this.checkOpen();
    this.checkLabel(label);
    if (this.boundAt[label.id] !== undefined) throw new JitError('X64_LABEL', `label ${label.toString()} is bound twice`, { label: label.id });
    this.boundAt[label.id] = this.chunks.length;
    return this;
  }

  /** Emits `api` (a mnemonic of the table) with Intel-order operands, choosing the form by operand types. */
  emit(api: string, ...ops: Operand[]): this {
    this.checkOpen();
    for (const op of ops) this.checkOperandLabel(op);
    const row = selectRow(api, ops);
    const enc = encode(row, ops);
    const near = this.nearForm(api, row);
    const grow = near === undefined ? undefined : { row: near, enc: encode(near, ops) };
    this.chunks.push({ kind: 'insn', row, operands: Object.freeze([...ops]), enc, grow });
    this.insnCount++;
    return this;
  }

  /** Emits raw bytes (each 0-255), e.g. constants addressed by [rip+label]. */
  data(bytes: ArrayLike<number>): this {
    this.checkOpen();
    const copy = Array.from(bytes);
    if (copy.some((b) => !Number.isInteger(b) || b < 0 || b > 255)) throw new JitError('X64_BAD_OPERAND', 'data bytes must be integers 0-255', {});
    this.chunks.push({ kind: 'data', bytes: copy });
    return this;
  }

  /**
   * Pads with NOPs so that the byte `skew` bytes into the next instruction (or data) is at an
   * offset that is a multiple of `boundary` (a power of two up to 64).
   */
  align(boundary: number, skew = 0): this {
    this.checkOpen();
    if (![1, 2, 4, 8, 16, 32, 64].includes(boundary) || !Number.isInteger(skew) || skew < 0 || skew >= 16) {
      throw new JitError('X64_BAD_OPERAND', `align(${boundary}, ${skew}): boundary must be a power of two up to 64 and skew 0-15`, {});
    }
    this.chunks.push({ kind: 'align', boundary, skew });
    return this;
  }

  /** The offset of bound label `label` in the finished code (after finish()). */
  offsetOf(label: Label): number {
    this.checkLabel(label);
    if (this.linked === undefined) throw new JitError('X64_FINISHED', 'label offsets are known only after finish()', {});
    const off = this.linked.labels[label.id];
    if (off === undefined) throw new JitError('X64_LABEL', `label ${label.toString()} is not bound`, { label: label.id });
    return off;
  }

  /**
   * Lays out the code, picks short or near branches, patches labels; returns the bytes.
   * `origin` is the address the code will run at: needed when it refers to absolute targets
   * (`call(absolute(addr))`, `rip(absolute(addr))`), which encode as rel32 / disp32 from there.
   */
  finish(opts: { readonly origin?: number } = {}): Uint8Array {
    const origin = opts.origin;
    if (origin !== undefined && (!Number.isSafeInteger(origin) || origin < 0)) {
      throw new JitError('X64_BAD_OPERAND', `finish: origin ${String(origin)} must be a non-negative safe integer`, { origin: String(origin) });
    }
    if (this.linked !== undefined && this.linkedAt !== origin) {
      throw new JitError('X64_FINISHED', `the assembler is finished at origin ${String(this.linkedAt)}; start a new one for another origin`, {});
    }
    this.linked ??= link(this.chunks, this.boundAt, origin);
    this.linkedAt = origin;
    return this.linked.bytes;
  }

  /** The finished instructions with offsets and resolved operands (after finish()). */
  get instructions(): readonly EmittedInsn[] {
    if (this.linked === undefined) throw new JitError('X64_FINISHED', 'instructions are known only after finish()', {});
    return this.linked.insns;
  }

  /** For a rel8 label branch, the rel32 form of the same mnemonic it can grow into. */
  private nearForm(api: string, row: EncodingRow): EncodingRow | undefined {
    if (row.en !== 'D' || row.specs[0]?.k !== 'rel' || row.specs[0].size !== 8) return undefined;
    return ROWS_BY_API.get(api)?.find((r) => r.en === 'D' && r.specs[0]?.k === 'rel' && r.specs[0].size === 32);
  }

  private checkOpen(): void {
    if (this.linked !== undefined) throw new JitError('X64_FINISHED', 'the assembler is finished; start a new one', {});
  }

  private checkLabel(label: Label): void {
    if (label.owner !== this) throw new JitError('X64_LABEL', `label ${label.toString()} belongs to another assembler`, { label: label.id });
  }

  private checkOperandLabel(op: Operand): void {
    if (op instanceof Label) this.checkLabel(op);
    else if (isMem(op) && op.mode === 'rip' && op.label instanceof Label) this.checkLabel(op.label);
  }

  // ---- Data movement (SDM MOV, MOVZX, MOVSX, MOVSXD, LEA, PUSH, POP) ----

  /** mov; a 64-bit immediate beyond int32 becomes movabs (REX.W B8+r io). */
  mov(dst: RM, src: Src): this { return this.emit('mov', dst, src); }
  /** movabs r64, imm64: always the 10-byte form (patchable 64-bit constants). */
  movabs(dst: Gpr64, src: Imm): this { return this.emit('movabs', dst, src); }
  /** Zero-extending move from 8 or 16 bits (size the memory source with byte()/word()). */
  movzx(dst: Gpr, src: RM): this { return this.emit('movzx', dst, src); }
  /** Sign-extending move from 8 or 16 bits. */
  movsx(dst: Gpr, src: RM): this { return this.emit('movsx', dst, src); }
  /** Sign-extending move from 32 to 64 bits. */
  movsxd(dst: Gpr64, src: Gpr32 | Mem): this { return this.emit('movsxd', dst, src); }
  /** Load effective address (no memory access; the memory size is ignored). */
  lea(dst: Gpr, src: Mem): this { return this.emit('lea', dst, src); }
  /** push r64 / m64 / imm8 / imm32 (sign-extended to 64 bits). */
  push(src: Gpr64 | Mem | Imm): this { return this.emit('push', src); }
  /** pop r64 / m64. */
  pop(dst: Gpr64 | Mem): this { return this.emit('pop', dst); }

  // ---- Integer arithmetic and logic (Group 1: imm8 form when the value fits) ----

  add(dst: RM, src: Src): this { return this.emit('add', dst, src); }
  or(dst: RM, src: Src): this { return this.emit('or', dst, src); }
  adc(dst: RM, src: Src): this { return this.emit('adc', dst, src); }
  sbb(dst: RM, src: Src): this { return this.emit('sbb', dst, src); }
  and(dst: RM, src: Src): this { return this.emit('and', dst, src); }
  sub(dst: RM, src: Src): this { return this.emit('sub', dst, src); }
  xor(dst: RM, src: Src): this { return this.emit('xor', dst, src); }
  cmp(dst: RM, src: Src): this { return this.emit('cmp', dst, src); }
  /** test r/m, r or r/m, imm (the register goes second). */
  test(dst: RM, src: Gpr | Imm): this { return this.emit('test', dst, src); }
  inc(dst: RM): this { return this.emit('inc', dst); }
  dec(dst: RM): this { return this.emit('dec', dst); }
  neg(dst: RM): this { return this.emit('neg', dst); }
  not(dst: RM): this { return this.emit('not', dst); }
  /** Unsigned multiply rdx:rax = rax * src (and narrower). */
  mul(src: RM): this { return this.emit('mul', src); }
  /** Unsigned divide rdx:rax by src. */
  div(src: RM): this { return this.emit('div', src); }
  /** Signed divide rdx:rax by src. */
  idiv(src: RM): this { return this.emit('idiv', src); }
  /** imul r/m (one operand), imul r, r/m, or imul r, r/m, imm. */
  imul(dst: RM, src?: RM, imm?: Imm): this {
    if (src === undefined) return this.emit('imul', dst);
    return imm === undefined ? this.emit('imul', dst, src) : this.emit('imul', dst, src, imm);
  }
  /** Sign-extend eax into edx:eax. */
  cdq(): this { return this.emit('cdq'); }
  /** Sign-extend rax into rdx:rax. */
  cqo(): this { return this.emit('cqo'); }

  // ---- Shifts and rotates (Group 2): count is 1, an imm8 (0-255) or cl ----

  rol(dst: RM, count: Imm | Gpr8): this { return this.emit('rol', dst, count); }
  ror(dst: RM, count: Imm | Gpr8): this { return this.emit('ror', dst, count); }
  shl(dst: RM, count: Imm | Gpr8): this { return this.emit('shl', dst, count); }
  shr(dst: RM, count: Imm | Gpr8): this { return this.emit('shr', dst, count); }
  sar(dst: RM, count: Imm | Gpr8): this { return this.emit('sar', dst, count); }

  // ---- Control flow ----

  /** jmp to a label (rel8 or rel32, chosen at finish()), to an absolute address (rel32) or through a register / memory. */
  jmp(target: Label | Absolute | Gpr64 | Mem): this { return this.emit('jmp', target); }
  /** Conditional jump to a label (rel8 or rel32, chosen at finish()) or an absolute address (rel32). */
  jcc(cc: Cond, target: Label | Absolute): this { return this.emit(`j${checkCond(cc)}`, target); }
  /** call a label or absolute address (rel32) or through a register / memory. */
  call(target: Label | Absolute | Gpr64 | Mem): this { return this.emit('call', target); }
  ret(): this { return this.emit('ret'); }
  /** Set an 8-bit register or byte of memory to 1 if `cc` holds, else 0. */
  setcc(cc: Cond, dst: Gpr8 | Mem): this { return this.emit(`set${checkCond(cc)}`, dst); }
  /** Move if `cc` holds (16/32/64-bit). */
  cmovcc(cc: Cond, dst: Gpr, src: RM): this { return this.emit(`cmov${checkCond(cc)}`, dst, src); }

  // ---- System ----

  /** One NOP instruction of `length` bytes (1-9), the SDM Vol.2B recommended form. */
  nop(length = 1): this {
    if (length === 1) return this.emit('nop');
    if (length === 2) return this.emit('xchg', ax, ax);
    const form = NOP_FORMS[length];
    if (form === undefined) throw new JitError('X64_BAD_OPERAND', `nop length ${length} is not 1-9`, { length });
    const [is16, disp, indexed] = form;
    const m = { base: rax, disp: 0, ...(disp === 0 ? {} : { dispSize: disp }), ...(indexed ? { index: rax } : {}) };
    return this.emit('nop', is16 ? word(m) : dword(m));
  }
  /** `bytes` bytes of NOPs: as many 9-byte forms as fit, then one shorter form. */
  nops(bytes: number): this {
    for (let left = bytes; left > 0; left -= Math.min(left, 9)) this.nop(Math.min(left, 9));
    return this;
  }
  int3(): this { return this.emit('int3'); }
  ud2(): this { return this.emit('ud2'); }
  syscall(): this { return this.emit('syscall'); }
  /** Write PKRU from eax (ecx and edx must be 0): the bytes 0F 01 EF. */
  wrpkru(): this { return this.emit('wrpkru'); }
  /** Read PKRU into eax (ecx must be 0; edx is zeroed): the bytes 0F 01 EE. */
  rdpkru(): this { return this.emit('rdpkru'); }
  /** Save the state components in edx:eax to the 64-byte-aligned area at `m`. */
  xsave(m: Mem): this { return this.emit('xsave', m); }
  xsave64(m: Mem): this { return this.emit('xsave64', m); }
  xrstor(m: Mem): this { return this.emit('xrstor', m); }
  xrstor64(m: Mem): this { return this.emit('xrstor64', m); }

  // ---- SSE2 scalar double, SSE4.1 roundsd ----

  movsd(dst: Xmm | Mem, src: Xmm | Mem): this { return this.emit('movsd', dst, src); }
  /** movq between xmm and r64 / m64 / xmm. */
  movq(dst: Xmm | Gpr64 | Mem, src: Xmm | Gpr64 | Mem): this { return this.emit('movq', dst, src); }
  movapd(dst: Xmm | Mem, src: Xmm | Mem): this { return this.emit('movapd', dst, src); }
  addsd(dst: Xmm, src: Xmm | Mem): this { return this.emit('addsd', dst, src); }
  subsd(dst: Xmm, src: Xmm | Mem): this { return this.emit('subsd', dst, src); }
  mulsd(dst: Xmm, src: Xmm | Mem): this { return this.emit('mulsd', dst, src); }
  divsd(dst: Xmm, src: Xmm | Mem): this { return this.emit('divsd', dst, src); }
  sqrtsd(dst: Xmm, src: Xmm | Mem): this { return this.emit('sqrtsd', dst, src); }
  minsd(dst: Xmm, src: Xmm | Mem): this { return this.emit('minsd', dst, src); }
  maxsd(dst: Xmm, src: Xmm | Mem): this { return this.emit('maxsd', dst, src); }
  ucomisd(a: Xmm, b: Xmm | Mem): this { return this.emit('ucomisd', a, b); }
  comisd(a: Xmm, b: Xmm | Mem): this { return this.emit('comisd', a, b); }
  /** Convert a signed 32- or 64-bit integer (size memory with dword()/qword()). */
  cvtsi2sd(dst: Xmm, src: Gpr | Mem): this { return this.emit('cvtsi2sd', dst, src); }
  /** Convert with truncation to a signed 32- or 64-bit integer. */
  cvttsd2si(dst: Gpr, src: Xmm | Mem): this { return this.emit('cvttsd2si', dst, src); }
  andpd(dst: Xmm, src: Xmm | Mem): this { return this.emit('andpd', dst, src); }
  andnpd(dst: Xmm, src: Xmm | Mem): this { return this.emit('andnpd', dst, src); }
  orpd(dst: Xmm, src: Xmm | Mem): this { return this.emit('orpd', dst, src); }
  xorpd(dst: Xmm, src: Xmm | Mem): this { return this.emit('xorpd', dst, src); }
  /** Round with rounding control `mode` (imm8: bits 1:0 mode, bit 2 use MXCSR, bit 3 suppress precision). */
  roundsd(dst: Xmm, src: Xmm | Mem, mode: Imm): this { return this.emit('roundsd', dst, src, mode); }
}

function checkCond(cc: Cond): Cond {
  if (!(CONDITION_CODES as readonly string[]).includes(cc)) {
    throw new JitError('X64_BAD_OPERAND', `unknown condition code '${String(cc)}' (one of ${CONDITION_CODES.join(', ')})`, { cc });
  }
  return cc;
}
