/**
 * The translator's inline SSE arithmetic against the interpreter: a loop of ADDSD SUBSD MULSD
 * DIVSD SQRTSD, UCOMISD, CVTSI2SD and CVTTSD2SI, register and memory forms, over doubles that
 * make NaNs (inf - inf, 0 / 0, sqrt of a negative, quiet and signalling NaN payloads), signed
 * zeros, infinities and out-of-range conversions; between slices the host sometimes sets
 * MXCSR to a value the model refuses (then both must raise the same #UD) and back.  Lockstep at
 * every stop: exit, registers, flags, XMM bits, retired count.
 */
import { describe, expect, it } from 'vitest';
import { Assembler, qword, rax, rcx, rdi, xmm0, xmm1, xmm2, xmm3 } from '../../../../jit/x64/index.js';
import { Translator } from '../../../../mpk-hw/cpu/translate/translator.js';
import { DATA, load, newSim, type Sim } from '../sim.js';
import { Rng } from '../native/rng.js';
import { regsDigest } from './lockstep.js';

const DOUBLES = [0, -0, 1, -1, 1.5, 2 ** 63, -(2 ** 63), 2 ** 31, -(2 ** 31) - 1, 1e300, -1e-310, Infinity, -Infinity, NaN];
/** Raw bit patterns too: a signalling NaN and a quiet NaN with a payload. */
const RAW = [0x7ff0_0000_0000_0001n, 0xfff8_0000_0000_1234n];

function program(): Uint8Array {
  const a = new Assembler();
  const top = a.newLabel();
  a.bind(top);
  // xmm0..3 from the table at [rdi + rcx*8], rotating.
  a.movsd(xmm0, qword({ base: rdi, index: rcx, scale: 8 })).movsd(xmm1, qword({ base: rdi, index: rcx, scale: 8, disp: 8 }));
  a.addsd(xmm0, xmm1).subsd(xmm1, qword({ base: rdi, index: rcx, scale: 8, disp: 16 })).mulsd(xmm2, xmm0).divsd(xmm3, qword({ base: rdi, disp: 24 }));
  a.sqrtsd(xmm2, xmm1).ucomisd(xmm0, xmm1).emit('cvttsd2si', rax, xmm0).emit('cvtsi2sd', xmm3, rax).ucomisd(xmm3, qword({ base: rdi, index: rcx, scale: 8 }));
  a.emit('cvttsd2si', rax, qword({ base: rdi, index: rcx, scale: 8, disp: 8 }));
  a.add(rcx, 1).and(rcx, 15).jmp(top);
  return a.finish();
}

function setup(translate: boolean): Sim {
  const s = newSim();
  load(s, program());
  const bytes = new Uint8Array(8 * 32);
  const view = new DataView(bytes.buffer);
  for (let k = 0; k < 32; k++) {
    if (k % 7 === 6) view.setBigUint64(8 * k, RAW[k % 2] as bigint, true);
    else view.setFloat64(8 * k, DOUBLES[(k * 5) % DOUBLES.length] as number, true);
  }
  s.t.write(DATA, bytes);
  s.regs.setNum(7, DATA);
  s.regs.setNum(1, 0);
  if (translate) s.cpu.translator = new Translator(s.cache, { hot: 1 });
  return s;
}

describe('inline SSE arithmetic', () => {
  it('agrees with the interpreter on NaNs, zeros, infinities, conversions and a refused MXCSR', () => {
    const ref = setup(false);
    const fast = setup(true);
    const rng = new Rng(3);
    let uds = 0;
    for (let stop = 0; stop < 3000; stop++) {
      const q = 1 + rng.int(50);
      const a = ref.cpu.run(ref.regs, q);
      const b = fast.cpu.run(fast.regs, q);
      const name = (e: typeof a): string => (e.kind === 'exception' ? `${e.exception.name}:${e.exception.message}` : e.kind);
      expect(`${name(b)} ${regsDigest(fast.regs)} n=${fast.cpu.stats.instructions}`, `stop ${stop}`)
        .toBe(`${name(a)} ${regsDigest(ref.regs)} n=${ref.cpu.stats.instructions}`);
      if (a.kind === 'exception') {
        // The refused MXCSR: both raised #UD at the same instruction; restore it and go on.
        expect(a.exception.vector).toBe(6);
        uds++;
        for (const s of [ref, fast]) s.regs.mxcsr = 0x1f80;
      } else if (rng.int(40) === 0) {
        for (const s of [ref, fast]) s.regs.mxcsr = 0x1f80 | (1 << 13); // round down: not modelled
      }
    }
    expect(uds).toBeGreaterThan(5);
    expect(fast.cpu.translator?.stats.retired).toBeGreaterThan(20_000);
    expect(fast.cpu.translator?.stats.exits).toBeGreaterThan(100); // NaN results left to the interpreter
  });
});
