/**
 * `pkjit demo` (what `npm start` runs): execute-only memory through a protection key on the
 * simulated machine, step by step; then the sample JavaScript JIT running an embedded program
 * on two executors (its output and its audit summary); then the ported kernel selftests.
 */
import { Machine } from '../mpk-hw/machine.js';
import { PROT_EXEC, PROT_READ, PROT_WRITE, SIGSEGV, segvCodeName } from '../mpk-hw/kernel/constants.js';
import { formatPkru, pkruWithKeyBits } from '../mpk-hw/pkru.js';
import { runSelftest } from '../mpk-hw/selftest/index.js';
import { MemorySink } from '../sdk/audit/log.js';
import { verifyLog } from '../sdk/audit/check.js';
import { formatSummary, summarize } from '../sdk/audit/summary.js';
import { runProgram } from '../jit/engine/engine.js';
import { DEMO_FILE, DEMO_PROGRAM } from './demo-program.js';
import { paint, type Io } from './io.js';

/** The smaps block of the area that starts at `addr`. */
function smapsBlock(smaps: string, addr: number): string {
  const head = addr.toString(16).padStart(8, '0') + '-';
  const lines = smaps.split('\n');
  const i = lines.findIndex((l) => l.startsWith(head));
  if (i < 0) return '';
  const next = lines.findIndex((l, j) => j > i && /^[0-9a-f]+-[0-9a-f]+ /.test(l));
  return lines.slice(i, next < 0 ? undefined : next).join('\n');
}

/** Runs the demo; returns the exit code. */
export function demoCommand(io: Io): number {
  io.out(paint(io, 'bold', 'pkjit demo: execute-only code with Intel MPK on a simulated x86-64 Linux machine'));
  const m = new Machine();
  const t = m.spawn();
  const hex = (n: number): string => '0x' + n.toString(16);
  io.out(`\n1. A new process starts with PKRU = init_pkru_value:\n   ${formatPkru(t.rdpkru())}`);
  const code = t.mmap(0, 4096, PROT_READ | PROT_WRITE);
  t.write(code, Uint8Array.of(0x90, 0x90, 0xc3)); // nop; nop; ret
  io.out(`2. mmap(RW) at ${hex(code)} and write 3 bytes of code (nop; nop; ret).`);
  t.mprotect(code, 4096, PROT_EXEC);
  const block = smapsBlock(m.smaps(t.pid) ?? '', code);
  const key = Number(/ProtectionKey:\s+(\d+)/.exec(block)?.[1] ?? -1);
  io.out(`3. mprotect(PROT_EXEC): Linux tags the page with its execute-only key ${key} and sets AD for that key`);
  io.out(`   in this thread only (init_pkru_value already had it). /proc/self/smaps now reads:`);
  for (const l of block.split('\n')) if (/^[0-9a-f]+-|ProtectionKey/.test(l)) io.out(`     ${l}`);
  const fetched = t.fetch(code, 3);
  io.out(`4. Instruction fetch of the page succeeds (PKRU never applies to fetches): ${[...fetched].map((b) => b.toString(16).padStart(2, '0')).join(' ')}`);
  t.sigaction(SIGSEGV, (ctx) => {
    const si = ctx.readSiginfo();
    io.out(`5. A data read faults: SIGSEGV ${segvCodeName(si.code)} si_addr=${hex(si.addr)} si_pkey=${si.pkey}.`);
    io.out(`   The handler runs with PKRU = ${hex(ctx.thread.rdpkru())}; the frame holds the interrupted PKRU ${hex(ctx.thread.read32(ctx.pkruSlotAddr))}.`);
    const relaxed = pkruWithKeyBits(ctx.thread.read32(ctx.pkruSlotAddr), si.pkey, 0);
    ctx.thread.write32(ctx.pkruSlotAddr, relaxed);
    io.out(`   It rewrites that slot to ${hex(relaxed)}; rt_sigreturn loads it and the read re-executes.`);
  });
  const word = t.read8(code);
  io.out(`6. The read now returns ${hex(word)}. Anything that can write PKRU (WRPKRU, XRSTOR, a signal`);
  io.out('   frame) changes rights: pkeys alone are not a security boundary, which is why pkjit audits every flip.');
  const c = t.task.process.counters;
  io.out(`   Cost model: ${c.cycles} simulated cycles, ${c.syscalls} syscalls, ${c.pageFaults} page faults, ${c.signalsDelivered} signal.`);
  const jit = demoJit(io);
  io.out(paint(io, 'bold', '\nThe Linux kernel pkeys selftests, ported as behaviours (pkjit selftest lists each case):'));
  const results = runSelftest();
  const failed = results.filter((r) => !r.passed);
  for (const r of failed) io.out(`FAIL ${r.name}: ${r.why}`);
  io.out(`${results.length - failed.length} passed, ${failed.length} failed, ${results.length} cases`);
  return jit !== 0 || failed.length > 0 ? 1 : 0;
}

/** The JavaScript JIT on the embedded program; returns 0 when it ran and its log verifies. */
function demoJit(io: Io): number {
  io.out(paint(io, 'bold', `\nThe sample JavaScript JIT (pkjit run): ${DEMO_FILE} compiled to x86-64 in a pkey-protected code region.`));
  io.out('The script compiles first; each function on its first call, on the compiler thread, while two executor');
  io.out('threads run the program at once (each prints what node prints; executor 0 shown):\n');
  for (const l of DEMO_PROGRAM.trimEnd().split('\n')) io.out(paint(io, 'dim', `   ${l}`));
  const sink = new MemorySink();
  const r = runProgram(DEMO_PROGRAM, DEMO_FILE, { executors: 2, audit: [sink] });
  io.out('');
  for (const l of r.outputs[0] ?? []) io.out(l);
  if (r.error !== undefined) io.out(paint(io, 'red', `   ${r.error}`));
  const same = r.outputs.every((o) => JSON.stringify(o) === JSON.stringify(r.outputs[0]));
  const s = r.stats;
  io.out(`\n${s.functionsCompiled} of ${s.functions} functions compiled (never() was not called), ${s.codeBytes} code bytes; ` +
    `${s.instructions} guest instructions; executors agree: ${same ? 'yes' : 'NO'}.`);
  const v = verifyLog(sink.text());
  io.out(`Audit log: ${v.records.length} records, ${v.status}, ${v.violations.length === 0 ? 'the five invariants hold' : `${v.violations.length} violations`}` +
    ' (executors never held write rights on code). Summary:');
  for (const l of formatSummary(summarize(v.records))) io.out(`   ${l}`);
  return r.exitCode === 0 && same && v.ok ? 0 : 1;
}
