/**
 * Compiles a block of decoded instructions into one JavaScript function (`new Function`).
 *
 * A block is straight-line code in one page that ends at a control transfer (which it includes)
 * or before an instruction it never translates (SYSCALL, WRPKRU, RDPKRU, XSAVE, XRSTOR, INT3,
 * UD2, invalid encodings: the interpreter always runs those).  Each instruction is translated
 * inline (emit.ts) or as a direct call of the interpreter's own handler, so every instruction
 * has exactly the interpreter's semantics.
 *
 * The function returns how many instructions retired, r >= 0, with RIP on the next instruction;
 * or -1 - r when an inline check failed, with RIP on the first instruction that did not
 * retire, which the interpreter runs next.  A block that branches back to its own start loops
 * inside the function while another whole pass fits in `budget`.  The bounded variant (compiled
 * on demand, for the last instructions of a slice) stops after `budget` instructions instead.  A handler that raises an
 * exception leaves `c.blockAt` = instructions retired before it, RIP on it, and every register,
 * flag and byte as the interpreter would have left them (precise, SDM Vol.3A 6.5).
 */
import type { Cpu } from '../cpu.js';
import { HANDLERS } from '../dispatch.js';
import { condition, PARITY } from '../flags.js';
import { Enc, Op, type Insn } from '../insn.js';
import type { RegisterFile } from '../regs.js';
import type { TlbStats } from '../../tlb.js';
import type { DataTlb } from './data-tlb.js';
import { emitInline, flagsDeadAtStart } from './emit.js';
import { FLAG_HELPERS, Gen, SCRATCH_HELPERS } from './gen.js';

/** The scratch buffer of SCRATCH_HELPERS (one per process: blocks never run concurrently). */
const SCRATCH_F64 = new Float64Array(1);
const SCRATCH_U32 = new Uint32Array(SCRATCH_F64.buffer);

/**
 * A translated block: returns the instructions retired (see compileBlock).  `block` is the
 * block whose validity it checks after a handler's store, `k` its constants.
 */
export type BlockFn = (c: Cpu, regs: RegisterFile, lo: Uint32Array, hi: Uint32Array, dt: DataTlb, ts: TlbStats, budget: number,
  block: BlockRef, k: readonly unknown[]) => number;

/**
 * Compiled functions by their source, shared by every machine of the process: a block with the
 * same instructions at the same address compiles to the same source, so a program run again
 * (tests, benchmarks, a host that runs many sandboxes) reuses the function V8 has already
 * optimised instead of starting a new one cold.  Emptied when it holds CODE_CACHE_LIMIT.
 */
const CODE_CACHE = new Map<string, BlockFn>();
const CODE_CACHE_LIMIT = 50_000;

/** Instructions a block never contains: it ends before them. */
export const ENDS_BEFORE: ReadonlySet<Op> = new Set([
  Op.INVALID, Op.INT3, Op.UD2, Op.SYSCALL, Op.WRPKRU, Op.RDPKRU, Op.XSAVE, Op.XRSTOR,
]);

/** Control transfers: a block ends with one. */
export const BRANCHES: ReadonlySet<Op> = new Set([Op.JCC, Op.JMP, Op.JMP_RM, Op.CALL, Op.CALL_RM, Op.RET]);

/** Handlers that neither read nor write RFLAGS (pending flags stay pending across them). */
const FLAGS_UNTOUCHED: ReadonlySet<Op> = new Set([
  Op.MOV, Op.MOVZX, Op.MOVSX, Op.MOVSXD, Op.LEA, Op.NOP, Op.CBW, Op.CWD, Op.NOT, Op.PUSH, Op.POP,
  Op.MOVSD, Op.MOVD_TO_XMM, Op.MOVD_FROM_XMM, Op.MOVQ_LOAD, Op.MOVQ_STORE, Op.MOVAPD,
  Op.ADDSD, Op.SUBSD, Op.MULSD, Op.DIVSD, Op.SQRTSD, Op.MINSD, Op.MAXSD, Op.CVTSI2SD, Op.CVTTSD2SI,
  Op.ANDPD, Op.ANDNPD, Op.ORPD, Op.XORPD, Op.ROUNDSD,
]);

/** Handlers that write all six status flags without reading any (pending flags are dead). */
const FLAGS_OVERWRITTEN: ReadonlySet<Op> = new Set([
  Op.ADD, Op.OR, Op.AND, Op.SUB, Op.XOR, Op.CMP, Op.TEST, Op.NEG, Op.UCOMISD, Op.COMISD,
]);

/** Handlers whose only fault without a memory operand is an MXCSR the model refuses (#UD). */
const MXCSR_CHECKED: ReadonlySet<Op> = new Set([
  Op.ADDSD, Op.SUBSD, Op.MULSD, Op.DIVSD, Op.SQRTSD, Op.MINSD, Op.MAXSD, Op.UCOMISD, Op.COMISD,
  Op.CVTSI2SD, Op.CVTTSD2SI, Op.ROUNDSD,
]);

/** Handlers that cannot fault at all with register operands. */
const NEVER_FAULT_REG: ReadonlySet<Op> = new Set([
  Op.ADD, Op.OR, Op.ADC, Op.SBB, Op.AND, Op.SUB, Op.XOR, Op.CMP, Op.TEST, Op.INC, Op.DEC, Op.NEG, Op.NOT,
  Op.MUL, Op.IMUL1, Op.IMUL, Op.CBW, Op.CWD, Op.ROL, Op.ROR, Op.SHL, Op.SHR, Op.SAR,
  Op.MOV, Op.MOVZX, Op.MOVSX, Op.MOVSXD, Op.SETCC, Op.CMOVCC,
  Op.MOVSD, Op.MOVD_TO_XMM, Op.MOVD_FROM_XMM, Op.MOVQ_LOAD, Op.MOVQ_STORE, Op.MOVAPD,
  Op.ANDPD, Op.ANDNPD, Op.ORPD, Op.XORPD,
]);

/** Whether i's handler only ever faults through its memory or stack accesses or not at all. */
function faultFree(i: Insn): boolean {
  if (i.op === Op.LEA || i.op === Op.NOP) return true; // no memory access (SDM LEA, NOP)
  return !i.mem && (NEVER_FAULT_REG.has(i.op) || MXCSR_CHECKED.has(i.op));
}

/** Whether i's handler may store to memory (a store can invalidate this very block). */
function mayStore(i: Insn): boolean {
  if (i.op === Op.PUSH || i.op === Op.CALL || i.op === Op.CALL_RM) return true;
  if (!i.mem || i.op === Op.LEA || i.op === Op.NOP) return false;
  return i.op === Op.POP || i.enc === Enc.MR || i.enc === Enc.MI || i.enc === Enc.M || i.enc === Enc.M1 || i.enc === Enc.MC;
}

/** Emits a call of the interpreter's handler for instruction `i`. */
function emitHandler(g: Gen, i: Insn, last: boolean): void {
  const k = g.k;
  const fn = g.konst(HANDLERS[i.op]);
  const insn = g.konst(i);
  const next = g.addr(k + 1);
  const safe = faultFree(i);
  if (!i.mem && MXCSR_CHECKED.has(i.op)) {
    // SDM Vol.1 10.2.3; sse.ts refuses other settings with #UD: the interpreter raises it.
    g.emit(`if ((regs.mxcsr & 0xffc0) !== 0x1f80) ${g.exitBefore()}`);
  }
  if (!safe) {
    g.materialize();
    g.throws = true;
    g.emit(`at = ${k};`);
  } else if (FLAGS_OVERWRITTEN.has(i.op)) g.pending = null;
  else if (!FLAGS_UNTOUCHED.has(i.op)) g.materialize();
  g.emit(`c.nextRip = ${next}; ${fn}(c, ${insn});`);
  if (last) {
    g.emit(`regs.rip = c.nextRip; return done + ${k + 1};`);
    return;
  }
  // A store to a frame holding translated code drops this block: stop after the instruction.
  if (mayStore(i)) g.emit(`if (!B.valid) { regs.rip = ${next}; return done + ${k + 1}; }`);
}

/** The block object the function checks for validity. */
export interface BlockRef {
  valid: boolean;
}

/** Compiles `insns` (at page offsets `offs`, with one more entry: the end) running at virtual page `vbase`. */
export function compileBlock(insns: readonly Insn[], offs: readonly number[], vbase: number, bounded = false): { fn: BlockFn; consts: readonly unknown[]; source: string } {
  const g = new Gen(vbase, offs);
  g.flagsDeadAtStart = flagsDeadAtStart(insns);
  const n = insns.length;
  let ended = false;
  g.bounded = bounded;
  for (let k = 0; k < n; k++) {
    const i = insns[k] as Insn;
    g.k = k;
    const last = k === n - 1;
    // The bounded variant stops where the budget does, as the interpreter would.
    if (bounded && k > 0) g.emit(`if (${k} >= budget) { ${g.materializeCode()} regs.rip = ${g.addr(k)}; return ${k}; }`);
    if (!emitInline(g, i)) emitHandler(g, i, last && BRANCHES.has(i.op));
    if (last && BRANCHES.has(i.op)) ended = true;
  }
  if (!ended) {
    g.materialize();
    g.emit(`regs.rip = ${g.addr(n)}; return done + ${n};`);
  }
  const addrs = offs.slice(0, n).map((o) => vbase + o);
  const prologue = [
    g.usesMemory ? 'const DV = dt.vpn, DR = dt.rights, D32 = dt.f32, D8 = dt.f8;' : '',
    'const X = regs.xmm, XF = regs.xmmF64;',
    'let done = 0;',
  ];
  const code = g.loops ? ['for (;;) {', ...g.out, '}'] : g.out;
  const body = g.throws
    ? [...prologue, 'let at = 0;', 'try {', ...code, '} catch (e) {', `  c.blockAt = done + at; regs.rip = [${addrs.join(', ')}][at]; throw e;`, '}']
    : [...prologue, ...code];
  const { parity: P, condition: C } = FLAG_HELPERS;
  const { u32: U, f64: F } = SCRATCH_HELPERS;
  const source = `return function block(c, regs, lo, hi, dt, ts, budget, B, K) {\n${body.join('\n')}\n};`;
  let fn = CODE_CACHE.get(source);
  if (fn === undefined) {
    if (CODE_CACHE.size >= CODE_CACHE_LIMIT) CODE_CACHE.clear();
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const factory = new Function(P, C, U, F, source) as (...a: unknown[]) => BlockFn;
    fn = factory(PARITY, condition, SCRATCH_U32, SCRATCH_F64);
    CODE_CACHE.set(source, fn);
  }
  return { fn, consts: g.consts, source };
}
