/**
 * `pkjit disasm`: every function of a program compiled (eagerly, nothing runs), read back from
 * the sealed code region, and disassembled by the machine's own decoder and disassembler
 * (mpk-hw/cpu, objdump's Intel syntax). The region image has the gaps between allocations
 * filled with int3 (CC), so a linear sweep such as `objdump -D -b binary -m i386:x86-64` stays
 * in step at every allocation boundary.
 */
import { decode, isValid } from '../../mpk-hw/cpu/decode.js';
import { disasm } from '../../mpk-hw/cpu/disasm.js';
import { JitError } from '../errors.js';
import type { IrProgram } from '../ir/ir.js';
import { prepare } from './engine.js';
import type { ExecutorState } from './executor-state.js';

/** One allocation of the code region, disassembled. */
export interface ListedCode {
  /** `engine stubs`, `script` or `function NAME`. */
  readonly kind: string;
  readonly address: number;
  readonly bytes: Uint8Array;
  /** `address: hex bytes  mnemonic operands`, objdump style. */
  readonly lines: readonly string[];
}

/** The program's code. */
export interface Listing {
  readonly code: readonly ListedCode[];
  /** The region from its start to the end of the last allocation, gaps filled with int3. */
  readonly image: { readonly address: number; readonly bytes: Uint8Array };
}

/** Disassembles `code` placed at `address`, one line per instruction. */
export function disassemble(code: Uint8Array, address: number): string[] {
  const lines: string[] = [];
  for (let off = 0; off < code.length;) {
    const insn = decode(code, off, code.length - off);
    const len = Math.max(1, insn.length);
    const hex = [...code.subarray(off, off + len)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    lines.push(`${(address + off).toString(16).padStart(8)}:\t${hex.padEnd(21)}\t${isValid(insn) ? disasm(insn, address + off) : '(bad)'}`);
    off += len;
  }
  return lines;
}

/** Compiles every function of `ir` and lists the sealed code. */
export function listProgram(ir: IrProgram, file: string): Listing {
  const p = prepare(ir, file, {}, new Map<number, ExecutorState>());
  p.compiler.compileAll();
  const { region } = p.compiler;
  const machine = p.sbx.machine;
  const pid = p.sbx.owner.ut.pid;
  const read = (at: number, n: number): Uint8Array => {
    const b = machine.peek(pid, at, n);
    if (b === null) throw new JitError('INVARIANT', `cannot read code at 0x${at.toString(16)}`, {});
    return b;
  };
  const code = region.allocations.map((a) => {
    const bytes = read(a.start, a.size);
    return { kind: a.kind, address: a.start, bytes, lines: disassemble(bytes, a.start) };
  });
  const last = region.allocations[region.allocations.length - 1];
  const end = last === undefined ? region.start : last.start + last.size;
  const image = new Uint8Array(end - region.start).fill(0xcc);
  for (const c of code) image.set(c.bytes, c.address - region.start);
  return { code, image: { address: region.start, bytes: image } };
}
