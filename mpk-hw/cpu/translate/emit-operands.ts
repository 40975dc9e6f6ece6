/**
 * Operands of inline translations: the inline TLB check of a memory operand, 4- and 8-byte
 * register and memory reads into locals, register writes (SDM Vol.1 3.4.1.1: a 32-bit write
 * clears bits 63:32) and stores.
 */
import type { Insn } from '../insn.js';
import { DTLB_READ, DTLB_WRITE } from './data-tlb.js';
import type { Gen } from './gen.js';

/** Names of one translated memory operand (after its checks passed). */
export interface Access {
  /** The frame as 32-bit words and the word index of the first byte. */
  readonly f32: string;
  readonly w: string;
  /** The frame as bytes and the byte offset. */
  readonly f8: string;
  readonly o: string;
}

/**
 * Emits the inline TLB check of an `n`-byte access (1, 4 or 8) at linear address `va`; on a
 * miss the block leaves before the instruction.  Counts nothing: the caller adds the hits once
 * every check of the instruction has passed.
 */
export function access(g: Gen, va: string, n: number, write: boolean, tag: string): Access {
  g.usesMemory = true;
  const k = `${g.k}${tag}`;
  g.emit(`const va${k} = ${va}, vp${k} = Math.floor(va${k} / 4096), s${k} = vp${k} & 255, o${k} = va${k} & 4095;`);
  // 4- and 8-byte accesses go through 32-bit words: aligned to 4, and not across the page end.
  const align = n === 8 ? ` || (o${k} & 3) !== 0 || o${k} === 4092` : n === 4 ? ` || (o${k} & 3) !== 0` : '';
  g.emit(`if (DV[s${k}] !== vp${k} || DR[s${k}] < ${write ? DTLB_WRITE : DTLB_READ}${align}) ${g.exitBefore()}`);
  return { f32: `D32[s${k}]`, w: `(o${k} >> 2)`, f8: `D8[s${k}]`, o: `o${k}` };
}

/** An r/m or reg operand of 4 or 8 bytes held in locals `${name}l`/`${name}h`. */
export function readOperand(g: Gen, i: Insn, fromRm: boolean, size: number, name: string, write: boolean): { l: string; h: string; at: Access | null } | null {
  const wide = size === 8;
  if (!fromRm || !i.mem) {
    const r = fromRm ? i.rm : i.reg;
    g.emit(`const ${name}l = lo[${r}]${wide ? `, ${name}h = hi[${r}]` : ''};`);
    return { l: `${name}l`, h: wide ? `${name}h` : '0', at: null };
  }
  const va = g.linear(i, g.addr(g.k + 1));
  if (va === null) return null;
  const a = access(g, va, size, write, name);
  g.emit(`const ${name}l = ${a.f32}[${a.w}]${wide ? `, ${name}h = ${a.f32}[${a.w} + 1]` : ''};`);
  return { l: `${name}l`, h: wide ? `${name}h` : '0', at: a };
}

/** Writes halves to a register at 4 or 8 bytes (a 32-bit write clears bits 63:32). */
export function writeReg(g: Gen, r: number, size: number, l: string, h: string): void {
  g.emit(`lo[${r}] = ${l}; hi[${r}] = ${size === 8 ? h : '0'};`);
}

export function store(g: Gen, a: Access, size: number, l: string, h: string): void {
  g.emit(`${a.f32}[${a.w}] = ${l};${size === 8 ? ` ${a.f32}[${a.w} + 1] = ${h};` : ''}`);
}

