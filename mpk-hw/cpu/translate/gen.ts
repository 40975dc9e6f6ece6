/**
 * The code generator's state for one block: the JavaScript lines emitted so far, constants the
 * block closes over, and the lazily evaluated flags.
 *
 * Lazy flags: an ALU instruction translated inline does not compute RFLAGS; it leaves a
 * `Pending` producer (its kind, size and the names of its operand and result locals).  A
 * consumer translated inline (Jcc, CMOVcc) evaluates its condition straight from the operands
 * when it can (CMP+JL is one signed comparison), and everything else materialises the flags
 * first with the interpreter's formulas (ops/alu.ts), so every flag is bit-identical to what the
 * interpreter computes.  INC and DEC keep CF: theirs is the producer before them.  Flags are materialised at every way out
 * of a block: its end, every exit to the interpreter, and before any interpreter handler that
 * may read them or fault.  RFLAGS in the register file always holds the flags from before the
 * pending producer (its status bits, for INC/DEC, from before the producer before them).
 */
import { AF, CF, STATUS_FLAGS, ZF } from '../flags.js';
import type { Insn } from '../insn.js';

/** A flag producer whose RFLAGS are not computed yet. */
export interface Pending {
  readonly kind: 'add' | 'sub' | 'logic' | 'inc' | 'dec' | 'shift';
  readonly size: 4 | 8;
  /** JavaScript expressions (locals or literals) of the operands' and result's halves. */
  readonly al: string;
  readonly ah: string;
  readonly bl: string;
  readonly bh: string;
  readonly rl: string;
  readonly rh: string;
  /**
   * The unwrapped sum or difference whose range gives CF: of the high halves at 8 bytes, of
   * the values at 4 (add: > 2^32 - 1 carries; sub: < 0 borrows).  '' for logic, INC and DEC.
   */
  readonly raw: string;
  /** INC/DEC: an expression for CF before them (0 or 1), which they keep. Shifts: their CF (0 or 1). */
  readonly cfBefore: string;
  /** Shifts: their OF (0 or 1). */
  readonly of?: string;
}

/** Names the generated code uses for the interpreter's parity table and condition test. */
export const FLAG_HELPERS = { parity: 'P_', condition: 'C_' } as const;

/** Names of an 8-byte scratch buffer as 32-bit words and as a double (memory operands read as doubles). */
export const SCRATCH_HELPERS = { u32: 'U32_', f64: 'F64_' } as const;

/** CF (0 or 1) of a pending producer, as an expression. */
function carryOf(p: Pending): string {
  switch (p.kind) {
    case 'add': return `(${p.raw} > 4294967295 ? 1 : 0)`;
    case 'sub': return `(${p.raw} < 0 ? 1 : 0)`;
    case 'logic': return '0';
    default: return p.cfBefore; // INC/DEC keep it; a shift's own

  }
}

/** State while translating one block. */
export class Gen {
  /** Lines of the block body. */
  readonly out: string[] = [];
  /** Values the block reads from its constants array K (handlers and decoded instructions). */
  readonly consts: unknown[] = [];
  pending: Pending | null = null;
  /** Whether the body calls a handler that may throw (the body is then wrapped in try/catch). */
  throws = false;
  /** Whether the body reads the inline data TLB. */
  usesMemory = false;
  /** Index of the instruction being translated. */
  k = 0;
  /** Whether the block branches back to its own start (its body is then a loop). */
  loops = false;
  /**
   * The bounded variant, for a slice's last instructions: it stops exactly when `budget`
   * instructions have retired, possibly in the middle of the block, and never loops.
   */
  bounded = false;
  /**
   * Whether the flags are dead at the block's start: its first flag access is a full overwrite
   * with nothing before it that can leave the block.  A loop's back edge then skips computing them.
   */
  flagsDeadAtStart = false;

  /**
   * @param vbase virtual address of the block's page (its code runs only under that mapping)
   * @param offs page offset of each instruction, and one past the last
   */
  constructor(readonly vbase: number, readonly offs: readonly number[]) {}

  /** The virtual address of instruction `k` as a literal. */
  addr(k: number): number {
    return this.vbase + (this.offs[k] as number);
  }

  /** Binds a constant; returns its name. */
  konst(v: unknown): string {
    this.consts.push(v);
    return `K[${this.consts.length - 1}]`;
  }

  emit(line: string): void {
    this.out.push(line);
  }

  /**
   * JavaScript that computes the pending flags into regs.rflags ('' when none): the formulas
   * of ops/alu.ts (addCore, subCore, logicFlags; SDM Vol.1 Appendix A), written inline.
   */
  materializeCode(): string {
    const p = this.pending;
    if (p === null) return '';
    const wide = p.size === 8;
    const { rl, rh } = p;
    const zero = wide ? `((${rl} | ${rh}) === 0 ? ${ZF} : 0)` : `(${rl} === 0 ? ${ZF} : 0)`;
    if (p.kind === 'shift') {
      // ops/shift.ts: CF the last bit out, AF = 1, OF as given, PF/ZF/SF from the result.
      return `regs.rflags = (regs.rflags & ${~STATUS_FLAGS}) | ${p.cfBefore} | ${FLAG_HELPERS.parity}[${rl} & 255] | ${AF} | ${zero} | ` +
        `((${wide ? rh : rl} >>> 31) << 7) | ((${p.of ?? '0'}) << 11);`;
    }
    const add = p.kind === 'add' || p.kind === 'inc';
    const sub = p.kind === 'sub' || p.kind === 'dec';
    // OF from the sign bits (bit 31 of the high half at 8 bytes): add (a^r)&(b^r), sub (a^b)&(a^r).
    const [a, b, r] = wide ? [p.ah, p.bh, rh] : [p.al, p.bl, rl];
    const of = add ? `((((${a} ^ ${r}) & (${b} ^ ${r})) >>> 31) << 11)` : sub ? `((((${a} ^ ${b}) & (${a} ^ ${r})) >>> 31) << 11)` : '0';
    const af = p.kind === 'logic' ? '0' : `((${p.al} ^ ${p.bl} ^ ${rl}) & ${AF})`;
    const zf = wide ? `((${rl} | ${rh}) === 0 ? ${ZF} : 0)` : `(${rl} === 0 ? ${ZF} : 0)`;
    const sf = `((${wide ? rh : rl} >>> 31) << 7)`;
    return `regs.rflags = (regs.rflags & ${~STATUS_FLAGS}) | ${carryOf(p)} | ${FLAG_HELPERS.parity}[${rl} & 255] | ${af} | ${zf} | ${sf} | ${of};`;
  }

  /** CF before a new INC/DEC as an expression (they keep it), from the pending producer or RFLAGS. */
  carryBefore(): string {
    return this.pending === null ? `(regs.rflags & ${CF})` : carryOf(this.pending);
  }

  /** Emits the materialisation on the straight-line path; afterwards nothing is pending. */
  materialize(): void {
    const code = this.materializeCode();
    if (code !== '') this.emit(code);
    this.pending = null;
  }

  /** A statement that leaves the block before instruction `k` (the interpreter runs it next). */
  exitBefore(k: number = this.k): string {
    return `{ ${this.materializeCode()} regs.rip = ${this.addr(k)}; return ${-1 - k} - done; }`;
  }

  /**
   * A boolean expression for condition code `cc` (SDM Vol.1 Table B-1), straight from the
   * pending producer's operands where that is exact, else from materialised RFLAGS.
   */
  condition(cc: number): string {
    const direct = this.directCondition(cc >> 1);
    if (direct !== null) return (cc & 1) === 0 ? `(${direct})` : `!(${direct})`;
    this.materialize();
    return `${FLAG_HELPERS.condition}(${cc}, regs.rflags)`;
  }

  /** The even condition `half` (O, B, E, BE, S, P, L, LE) from the pending producer, or null. */
  private directCondition(half: number): string | null {
    const p = this.pending;
    if (p === null) return null;
    const wide = p.size === 8;
    const zero = wide ? `((${p.rl} | ${p.rh}) === 0)` : `(${p.rl} === 0)`;
    const neg = wide ? `(${p.rh} >= 2147483648)` : `(${p.rl} >= 2147483648)`;
    if (half === 2) return zero; // E: ZF, every kind
    if (p.kind === 'logic') {
      // CF = OF = 0 (SDM AND/OR/XOR/TEST).
      switch (half) {
        case 0: case 1: return 'false'; // O, B
        case 3: return zero; // BE: CF | ZF
        case 4: case 6: return neg; // S; L: SF != OF
        case 7: return `(${zero} || ${neg})`; // LE
        default: return null; // P
      }
    }
    if (p.kind !== 'sub') return null;
    // a - b: CF = a <u b, ZF = a == b, SF != OF = a <s b.
    const { al, ah, bl, bh } = p;
    switch (half) {
      case 1: return wide ? `(${ah} < ${bh} || (${ah} === ${bh} && ${al} < ${bl}))` : `(${al} < ${bl})`;
      case 3: return wide ? `(${ah} < ${bh} || (${ah} === ${bh} && ${al} <= ${bl}))` : `(${al} <= ${bl})`;
      case 6: return wide ? `((${ah} | 0) < (${bh} | 0) || (${ah} === ${bh} && ${al} < ${bl}))` : `((${al} | 0) < (${bl} | 0))`;
      case 7: return wide ? `((${ah} | 0) < (${bh} | 0) || (${ah} === ${bh} && ${al} <= ${bl}))` : `((${al} | 0) <= (${bl} | 0))`;
      default: return null; // O, S, P
    }
  }

  /** The effective address of i's memory operand as a JS number (exact below 2^53), or null when not handled inline. */
  linear(i: Insn, nextRip: number): string | null {
    if (i.segment === 4 || i.segment === 5 || i.addr32) return null;
    const parts: string[] = [];
    if (i.base === 16) parts.push(String(nextRip + i.disp));
    else {
      if (i.base >= 0) parts.push(`(hi[${i.base}] * 4294967296 + lo[${i.base}])`);
      if (i.index >= 0) parts.push(`(hi[${i.index}] * 4294967296 + lo[${i.index}]) * ${i.scale}`);
      if (i.disp !== 0 || parts.length === 0) parts.push(String(i.disp));
    }
    return parts.join(' + ');
  }
}
