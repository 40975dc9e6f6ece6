/**
 * Runs differential cases natively (harness.c, built with gcc in a temporary directory) and in
 * the simulator, and compares the final states.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROT_EXEC, PROT_READ, PROT_WRITE } from '../../../../mpk-hw/kernel/constants.js';
import { HAVE_BINUTILS, hasTool, scratchDir } from '../gnu-tools.js';
import { map, newSim, type Sim } from '../sim.js';
import { decode } from '../../../../mpk-hw/cpu/decode.js';
import type { Case } from './generator.js';
import { ALL_FLAGS, CODE_ADDR, DATA_ADDR, STACK_ADDR, STACK_SIZE, R64 } from './layout.js';

/** Whether this host can run the native side. */
export const NATIVE_OK = process.platform === 'linux' && process.arch === 'x64' && hasTool('gcc') && HAVE_BINUTILS;
const STATE_WORDS = 16 + 1 + 16;
const IN_RECORD = 8 * (1 + STATE_WORDS) + 4096;
const OUT_RECORD = 8 * (1 + STATE_WORDS) + 4096;

/** Final machine state of one run. */
export interface State {
  status: bigint;
  gpr: bigint[];
  rflags: number;
  xmm: bigint[];
  data: Uint8Array;
}

export function runNative(code: Uint8Array, cases: readonly Case[], entries: number[]): State[] {
  const { dir, done } = scratchDir();
  try {
    const exe = join(dir, 'harness');
    const src = fileURLToPath(new URL('./harness.c', import.meta.url));
    execFileSync('gcc', ['-O1', '-o', exe, src]);
    const input = Buffer.alloc(8 + code.length + cases.length * IN_RECORD);
    input.writeBigUInt64LE(BigInt(code.length), 0);
    input.set(code, 8);
    cases.forEach((c, k) => {
      let o = 8 + code.length + k * IN_RECORD;
      input.writeBigUInt64LE(BigInt(entries[k] as number), o);
      for (const v of [...c.gpr, BigInt(c.rflags), ...c.xmm]) input.writeBigUInt64LE(v, (o += 8));
      input.set(c.data, o + 8);
    });
    const r = spawnSync(exe, { input, maxBuffer: cases.length * OUT_RECORD + 1024 });
    if (r.status !== 0) throw new Error(`harness exited ${r.status}: ${r.stderr.toString()}`);
    return cases.map((_, k) => {
      const b = r.stdout.subarray(k * OUT_RECORD, (k + 1) * OUT_RECORD);
      const w = (i: number): bigint => b.readBigUInt64LE(8 * i);
      return {
        status: w(0), gpr: Array.from({ length: 16 }, (_, i) => w(1 + i)), rflags: Number(w(17)),
        xmm: Array.from({ length: 16 }, (_, i) => w(18 + i)), data: new Uint8Array(b.subarray(8 * 34)),
      };
    });
  } finally {
    done();
  }
}

export function simSetup(code: Uint8Array): Sim {
  const s = newSim();
  const len = Math.ceil((code.length + 1) / 4096) * 4096;
  map(s, CODE_ADDR, len, PROT_READ | PROT_WRITE | PROT_EXEC);
  s.t.write(CODE_ADDR, code);
  s.t.mprotect(CODE_ADDR, len, PROT_READ | PROT_EXEC);
  map(s, DATA_ADDR, 4096, PROT_READ | PROT_WRITE);
  map(s, STACK_ADDR, STACK_SIZE, PROT_READ | PROT_WRITE);
  return s;
}

/** Loads case `c`'s initial registers, flags, XMM, MXCSR and data buffer, with RIP at `entry`. */
export function startCase(s: Sim, c: Case, entry: number): void {
  const regs = s.regs;
  c.gpr.forEach((v, r) => regs.set64(r, v));
  regs.rflags = c.rflags;
  regs.xmm.fill(0);
  c.xmm.forEach((v, x) => { regs.xmm[4 * x] = Number(v & 0xffff_ffffn); regs.xmm[4 * x + 1] = Number(v >> 32n); });
  regs.mxcsr = 0x1f80;
  regs.rip = CODE_ADDR + entry;
  s.t.write(DATA_ADDR, c.data);
}

export function runSim(s: Sim, c: Case, entry: number, end: number, code?: Uint8Array, forms?: Set<number>): State & { error: string } {
  const regs = s.regs;
  startCase(s, c, entry);
  let error = '';
  for (let steps = 0; regs.rip !== CODE_ADDR + end; steps++) {
    if (code !== undefined && forms !== undefined) forms.add(decode(code, regs.rip - CODE_ADDR, 15).form);
    const exit = s.cpu.run(regs, 1);
    if (exit.kind !== 'budget' || steps > 10_000) {
      error = exit.kind === 'exception' ? exit.exception.message : `exit ${exit.kind} after ${steps} steps`;
      break;
    }
  }
  const xmm = Array.from({ length: 16 }, (_, x) => (BigInt(regs.xmm[4 * x + 1] as number) << 32n) | BigInt(regs.xmm[4 * x] as number));
  return { status: 0n, gpr: Array.from({ length: 16 }, (_, r) => regs.get64(r)), rflags: regs.rflags, xmm, data: s.t.read(DATA_ADDR, 4096), error };
}

const hx = (v: bigint | number): string => `0x${v.toString(16)}`;

/** Differences between the native and the simulated final state, or [] when they agree. */
export function compare(c: Case, n: State, m: State & { error: string }): string[] {
  const out: string[] = [];
  if (n.status !== 0n) out.push(`native run stopped by signal ${n.status}`);
  if (m.error !== '') out.push(`simulator: ${m.error}`);
  for (let r = 0; r < 16; r++) if (n.gpr[r] !== m.gpr[r]) out.push(`${R64[r]}: native ${hx(n.gpr[r] as bigint)} sim ${hx(m.gpr[r] as bigint)}`);
  const mask = ALL_FLAGS & ~c.undefinedFlags;
  if (((n.rflags ^ m.rflags) & mask) !== 0) out.push(`rflags (defined ${hx(mask)}): native ${hx(n.rflags & ALL_FLAGS)} sim ${hx(m.rflags & ALL_FLAGS)}`);
  for (let x = 0; x < 16; x++) if (n.xmm[x] !== m.xmm[x]) out.push(`xmm${x}: native ${hx(n.xmm[x] as bigint)} sim ${hx(m.xmm[x] as bigint)}`);
  const bytes = n.data.findIndex((b, k) => b !== m.data[k]);
  if (bytes >= 0) out.push(`data[${hx(bytes)}..]: native ${hx(n.data[bytes] as number)} sim ${hx(m.data[bytes] as number)}`);
  return out;
}

export function describeCase(c: Case): string {
  const regs = c.gpr.map((v, r) => `${R64[r]}=${hx(v)}`).join(' ');
  const xmm = c.xmm.map((v, x) => `xmm${x}=${hx(v)}`).join(' ');
  return `sequence c${c.id}:\n    ${c.body.join('\n    ')}\n  initial: ${regs}\n  rflags=${hx(c.rflags)} ${xmm}`;
}

