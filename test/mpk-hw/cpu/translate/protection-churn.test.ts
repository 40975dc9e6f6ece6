/**
 * PKRU and page protections that change under translated code: random loops of loads and
 * stores (aligned, misaligned, crossing pages), ALU, INC/DEC, CMOVcc, SETcc, ADC/SBB (readers of
 * lazy flags), PUSH/POP, MOVQ/MOVSD, shifts, NEG, LEA and forward Jcc run interpreted and
 * translated (hot 1-3) in lockstep with random quanta of 1-80, while between slices the host
 * sets AD or WD on a key in PKRU, mprotects a page read-only and back, and moves pages between
 * keys.  At every stop: the exit (vector and error code), registers, flags, RIP, retired count,
 * TLB and decode-cache counters and all of physical memory must agree; a translated access that
 * the current PKRU or page rights forbid would show as a missing fault.
 *   FUZZ_V2=1   adds 1-byte and handler-only forms, PUSH/POP to memory and stores into the code page
 */
import { describe, expect, it } from 'vitest';
import { Assembler } from '../../../../jit/x64/assembler.js';
import { dword, qword, byte } from '../../../../jit/x64/operands.js';
import * as R from '../../../../jit/x64/regs.js';
import { PROT_EXEC, PROT_READ, PROT_WRITE } from '../../../../mpk-hw/kernel/constants.js';
import { Translator } from '../../../../mpk-hw/cpu/translate/translator.js';
import { CODE, DATA, load, newSim, type Sim } from '../sim.js';
import { Rng } from '../native/rng.js';
import { memoryDigest, regsDigest } from './lockstep.js';

const G64 = [R.rax, R.rdx, R.rsi, R.rdi, R.r8, R.r9, R.r10, R.r11];
const G32 = [R.eax, R.edx, R.esi, R.edi, R.r8d, R.r9d, R.r10d, R.r11d];
const CONDS = ['o', 'no', 'b', 'ae', 'e', 'ne', 'be', 'a', 's', 'ns', 'p', 'np', 'l', 'ge', 'le', 'g'] as const;

function gen(rng: Rng): Uint8Array {
  const a = new Assembler();
  const top = a.newLabel();
  a.bind(top);
  const n = 2 + rng.int(12);
  for (let k = 0; k < n; k++) {
    const wide = rng.chance(0.5);
    const G: readonly (typeof G64[number] | typeof G32[number])[] = wide ? G64 : G32;
    const r1 = rng.pick(G), r2 = rng.pick(G);
    // rbx = DATA + page*0x1000; disp within 3 pages, sometimes unaligned
    const disp = rng.chance(0.8) ? 8 * rng.int(0x600) : rng.int(0x3000);
    const m = wide ? qword({ base: R.rbx, disp }) : dword({ base: R.rbx, disp });
    const imm = rng.chance(0.5) ? rng.int(256) - 128 : (rng.next() | 0);
    const alu = rng.pick(['add', 'sub', 'and', 'or', 'xor', 'cmp', 'test', 'adc', 'sbb'] as const);
    switch (rng.int(22)) {
      case 0: a.mov(r1, m); break;
      case 1: a.mov(m, r1); break;
      case 2: a.mov(r1, r2); break;
      case 3: a.mov(r1, imm); break;
      case 4: (a[alu] as (d: unknown, s: unknown) => Assembler)(r1, r2); break;
      case 5: if (alu !== 'test') (a[alu] as (d: unknown, s: unknown) => Assembler)(r1, m); else a.test(m, r1); break;
      case 6: (a[alu] as (d: unknown, s: unknown) => Assembler)(m, r1); break;
      case 7: (a[alu] as (d: unknown, s: unknown) => Assembler)(r1, imm); break;
      case 8: (a[alu] as (d: unknown, s: unknown) => Assembler)(m, imm); break;
      case 9: rng.chance(0.5) ? a.inc(rng.chance(0.5) ? r1 : m) : a.dec(rng.chance(0.5) ? r1 : m); break;
      case 10: a.cmovcc(rng.pick(CONDS), r1, rng.chance(0.5) ? r2 : m); break;
      case 11: a.setcc(rng.pick(CONDS), rng.chance(0.5) ? R.dl : byte({ base: R.rbx, disp })); break;
      case 12: a.push(rng.pick(G64)); a.pop(rng.pick(G64)); break;
      case 13: a.push(imm); a.pop(rng.pick(G64)); break;
      case 14: a.movq(rng.pick([R.xmm0, R.xmm1]), qword({ base: R.rbx, disp })); break;
      case 15: a.movq(qword({ base: R.rbx, disp }), rng.pick([R.xmm0, R.xmm1])); break;
      case 16: a.movsd(rng.pick([R.xmm0, R.xmm1]), qword({ base: R.rbx, disp })); break;
      case 17: a.shl(r1, 1 + rng.int(5)); break;
      case 18: a.neg(r1); break;
      case 19: a.lea(r1, qword({ base: R.rbx, index: R.rsi, scale: 2, disp })); break;
      case 20: a.mov(r1, m); a.add(r1, r2); break;
      case 21: { const skip = a.newLabel(); a.jcc(rng.pick(CONDS), skip); a.mov(r1, m); a.bind(skip); break; }
    }
    if (process.env.FUZZ_V2 !== undefined) {
      const base = rng.chance(0.3) ? R.rbp : R.rbx;
      const d2 = rng.chance(0.7) ? 8 * rng.int(0xff) : rng.int(0x7f0);
      const m2 = wide ? qword({ base, disp: d2 }) : dword({ base, disp: d2 });
      const b2 = byte({ base, disp: d2 });
      switch (rng.int(16)) {
        case 0: a.mov(m2, r1); break;
        case 1: a.mov(b2, R.dl); break;
        case 2: a.add(m2, imm); break;
        case 3: a.movzx(r1, b2); break;
        case 4: a.imul(r1, r2); break;
        case 5: a.shr(m2, 1 + rng.int(3)); break;
        case 6: a.push(qword({ base, disp: d2 })); a.pop(rng.pick(G64)); break;
        case 7: a.push(rng.pick(G64)); a.pop(qword({ base, disp: d2 })); break;
        case 8: a.not(m2); break;
        case 9: a.inc(b2); break;
        case 10: a.mov(r1, m2); break;
        case 11: a.cmp(m2, r1); break;
        case 12: a.movq(qword({ base, disp: d2 }), R.xmm0); break;
        case 13: a.setcc(rng.pick(CONDS), b2); break;
        case 14: a.adc(r1, m2); break;
        case 15: a.neg(m2); break;
      }
    }
  }
  if (rng.chance(0.5)) {
    a.dec(R.ecx);
    a.jcc('ne', top);
  } else {
    a.sub(R.rcx, 1);
    a.jcc(rng.pick(['a', 'ne', 'g'] as const), top);
  }
  a.int3();
  return a.finish({ origin: CODE });
}

function setup(code: Uint8Array, seed: number, translate: boolean): { s: Sim; tr: Translator | null; key: number } {
  const s = newSim();
  load(s, code, PROT_READ | PROT_WRITE | PROT_EXEC);
  const key = s.t.syscall(330, 0, 0);
  expect(key).toBe(1);
  expect(s.t.syscall(329, DATA + 0x1000, 0x1000, PROT_READ | PROT_WRITE, key)).toBe(0);
  const rng = new Rng(seed ^ 0x5555);
  for (const r of [0, 2, 6, 7, 8, 9, 10, 11]) s.regs.set64(r, BigInt(rng.next()) << BigInt(rng.int(33)));
  s.regs.set64(3, BigInt(DATA));
  s.regs.set64(5, BigInt(CODE + 0x800));
  s.regs.set64(1, BigInt(20 + rng.int(200)));
  let tr: Translator | null = null;
  if (translate) {
    tr = new Translator(s.cache, { hot: 1 + rng.int(3) });
    s.cpu.translator = tr;
  }
  return { s, tr, key };
}

function stop(s: Sim, e: ReturnType<Sim['cpu']['run']>): string {
  const t = s.hw.mmu.tlb.stats;
  const d = s.cache.stats;
  const ex = e.kind === 'exception' ? `${e.exception.name}:${e.exception.vector}:${(e.exception as { errorCode?: number }).errorCode ?? ''}` : e.kind;
  return `${ex} ${regsDigest(s.regs)} n=${s.cpu.stats.instructions} tlb=${t.hits}/${t.misses}/${t.invalidations}/${t.flushes} dc=${d.hits}/${d.misses}/${d.invalidations}`;
}

type Event = (s: Sim, key: number) => void;
const EVENTS: Event[] = [
  () => {},
  (s) => s.hw.kernelWritePkru(0),
  (s, key) => s.hw.kernelWritePkru(1 << (2 * key)), // AD
  (s, key) => s.hw.kernelWritePkru(2 << (2 * key)), // WD
  (s) => { s.t.mprotect(DATA, 0x1000, PROT_READ); },
  (s) => { s.t.mprotect(DATA, 0x1000, PROT_READ | PROT_WRITE); },
  (s, key) => { s.t.syscall(329, DATA + 0x2000, 0x1000, PROT_READ | PROT_WRITE, key); },
  (s) => { s.t.syscall(329, DATA + 0x2000, 0x1000, PROT_READ | PROT_WRITE, 0); },
  (s) => { s.t.syscall(329, DATA + 0x1000, 0x1000, PROT_READ | PROT_WRITE, 0); },
];

export const COUNTS = { retired: 0, insns: 0, faults: 0, exits: 0 };
export function lockstep(seed: number): string | null {
  const rng = new Rng(seed);
  const code = gen(rng);
  const A = setup(code, seed, false);
  const B = setup(code, seed, true);
  for (let i = 0; i < 400; i++) {
    const q = 1 + rng.int(80);
    const ea = A.s.cpu.run(A.s.regs, q);
    const eb = B.s.cpu.run(B.s.regs, q);
    const sa = stop(A.s, ea), sb = stop(B.s, eb);
    if (sa !== sb) return `seed ${seed} stop ${i}:\n  interp ${sa}\n  transl ${sb}`;
    const ma = memoryDigest(A.s.m), mb = memoryDigest(B.s.m);
    if (ma !== mb) return `seed ${seed} stop ${i}: memory ${ma} vs ${mb}`;
    if (ea.kind === 'exception') {
      if (ea.exception.vector === 3) { COUNTS.retired += B.tr!.stats.retired; COUNTS.insns += B.s.cpu.stats.instructions; COUNTS.exits += B.tr!.stats.exits; return null; }
      COUNTS.faults++;
      // fix the fault: open everything
      for (const x of [A, B]) {
        x.s.hw.kernelWritePkru(0);
        x.s.t.mprotect(DATA, 0x1000, PROT_READ | PROT_WRITE);
      }
      continue;
    }
    if (rng.chance(0.3)) {
      const ev = rng.pick(EVENTS);
      ev(A.s, A.key);
      ev(B.s, B.key);
    }
  }
  return null;
}

describe('translated code under changing PKRU, rights and keys', () => {
  it('random loops agree', () => {
    const base = Number(process.env.FUZZ_SEED ?? 1);
    const count = Number(process.env.FUZZ_N ?? 200);
    const fails: string[] = [];
    for (let s = base; s < base + count && fails.length < 5; s++) {
      const r = lockstep(s);
      if (r !== null) fails.push(r);
    }
    if (process.env.FUZZ_SHOW !== undefined) console.log(JSON.stringify(COUNTS));
    expect(COUNTS.retired).toBeGreaterThan(0);
    expect(fails).toEqual([]);
  }, 600_000);
});
