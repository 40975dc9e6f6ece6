/**
 * The translator's lazy flags, case by case: every inline flag producer (ADD SUB CMP AND OR
 * XOR TEST INC DEC, SHL SHR SAR by edge counts, 32- and 64-bit, register and immediate forms,
 * UCOMISD and COMISD over ordered, equal and unordered doubles) followed in the same block
 * by CMOVcc and Jcc of each of the 16 conditions, over edge operands (equal, zero, signed and
 * unsigned limits, carries out of bits 31 and 63) and both CF values before.  CMOVcc reads
 * the condition from the pending operands (no flags computed yet), Jcc at the block's end, and
 * the flags are materialised at the end: all of it must match the interpreter bit for bit.
 */
import { describe, expect, it } from 'vitest';
import { Assembler, CONDITION_CODES, eax, ebx, ecx, edx, esi, rax, rbx, rcx, rdx, rsi, xmm0, xmm1, type Cond } from '../../../../jit/x64/index.js';
import { Translator } from '../../../../mpk-hw/cpu/translate/translator.js';
import { CODE, load, newSim, type Sim } from '../sim.js';
import { regsDigest } from './lockstep.js';

const EDGES = [0n, 1n, 2n, 0x7fff_ffffn, 0x8000_0000n, 0xffff_ffffn, 0x1_0000_0000n, 0x7fff_ffff_ffff_ffffn,
  0x8000_0000_0000_0000n, 0xffff_ffff_ffff_ffffn, 0xffff_fffe_0000_0001n,
  // As doubles (UCOMISD): 1.0, -1.0, +inf, a quiet NaN.
  0x3ff0_0000_0000_0000n, 0xbff0_0000_0000_0000n, 0x7ff0_0000_0000_0000n, 0x7ff8_0000_0000_0001n];
const PRODUCERS = ['add', 'sub', 'cmp', 'and', 'or', 'xor', 'test', 'inc', 'dec', 'cmp-imm', 'add-imm',
  'shl-1', 'shl-5', 'shl-31', 'shl-32', 'shl-33', 'shl-63', 'shr-1', 'shr-7', 'shr-31', 'shr-32', 'shr-47', 'shr-63',
  'sar-1', 'sar-3', 'sar-31', 'sar-32', 'sar-40', 'sar-63', 'ucomisd', 'comisd'] as const;
type Producer = (typeof PRODUCERS)[number];

/** One program per condition, each in its own 32 bytes: producer; cmovcc; jcc over a mov; int3. */
function program(p: Producer, wide: boolean): { code: Uint8Array; entries: number[] } {
  const [A, B, C, D, S] = wide ? [rax, rbx, rcx, rdx, rsi] : [eax, ebx, ecx, edx, esi];
  const code = new Uint8Array(32 * CONDITION_CODES.length).fill(0xcc);
  const entries = CONDITION_CODES.map((cc, k) => {
    const a = new Assembler();
    const skip = a.newLabel();
    if (p === 'inc' || p === 'dec') a[p](A);
    else if (p === 'ucomisd' || p === 'comisd') a.movq(xmm0, rax).movq(xmm1, rbx)[p](xmm0, xmm1);
    else if (p.includes('-') && p.startsWith('s')) {
      const [op, count] = p.split('-') as ['shl' | 'shr' | 'sar', string];
      a[op](A, Number(count));
    } else if (p === 'cmp-imm') a.cmp(A, -2);
    else if (p === 'add-imm') a.add(A, 0x7fffffff);
    else if (p === 'test') a.test(A, B);
    else a[p as 'add' | 'sub' | 'cmp' | 'and' | 'or' | 'xor'](A, B);
    a.cmovcc(cc as Cond, C, D).jcc(cc as Cond, skip).mov(S, 1).bind(skip).int3();
    const bytes = a.finish();
    expect(bytes.length).toBeLessThanOrEqual(32);
    code.set(bytes, 32 * k);
    return 32 * k;
  });
  return { code, entries };
}

function runOnce(s: Sim, entry: number, x: bigint, y: bigint, cf: number): string {
  const r = s.regs;
  r.set64(0, x);
  r.set64(3, y);
  r.set64(1, 0x1111_2222_3333_4444n);
  r.set64(2, 0x5555_6666_7777_8888n);
  r.set64(6, 0n);
  r.rflags = 0x202 | cf | 0x8d4; // CF as given, the other status flags set (they must be overwritten or kept exactly)
  r.rip = CODE + entry;
  const exit = s.cpu.run(r, 10);
  const t = s.hw.mmu.tlb.stats;
  return `${exit.kind} ${regsDigest(r)} ${r.get64(0)} ${r.get64(1)} ${r.get64(6)} rf=${r.rflags} n=${s.cpu.stats.instructions} tlb=${t.hits}/${t.misses} dc=${s.cache.stats.hits}`;
}

describe('lazy flags: every inline producer with every condition', () => {
  const cases = PRODUCERS.flatMap((p) => (p.endsWith('comisd') ? [[p, 64] as const] : [[p, 32] as const, [p, 64] as const]))
    .filter(([p, bits]) => bits === 64 || !/-(3[2-9]|[4-6][0-9])$/.test(p));
  it.each(cases)('%s %i-bit', (p, bits) => {
    const { code, entries } = program(p, bits === 64);
    const ref = newSim();
    const fast = newSim();
    for (const s of [ref, fast]) load(s, code);
    const tr = new Translator(fast.cache, { hot: 1 });
    fast.cpu.translator = tr;
    let runs = 0;
    // Unary and immediate producers read only RAX: one RBX value is enough for them.
    const ys = /^(inc|dec|s[ha][lr]-|cmp-imm|add-imm)/.test(p) ? [0x5a5a_5a5a_5a5a_5a5an] : EDGES;
    for (const entry of entries) {
      for (const x of EDGES) for (const y of ys) for (const cf of [0, 1]) {
        expect(runOnce(fast, entry, x, y, cf), `${p} ${bits} at +${entry}: ${x} ${y} cf=${cf}`).toBe(runOnce(ref, entry, x, y, cf));
        runs++;
      }
    }
    expect(runs).toBe(16 * EDGES.length * ys.length * 2);
    // All but the first run of each program ran translated.
    expect(tr.stats.executions).toBeGreaterThan(runs);
  });
});
