/**
 * Quiescence and reclaiming: when the space of retired code may be reused, and when a body that
 * a handle replaced may be retired.
 *
 * Both wait for a quiescent point *for that allocation*: no live thread of the process can be
 * executing in it or come back into it.  The check is conservative, in the manner of a
 * conservative stack scan (V8's and JSC's conservative stack scanning of native frames): a
 * thread can get into [start, end) without a computed jump to a made-up address only through
 *   - its RIP (it is there now),
 *   - a general-purpose register (an entry it loaded, e.g. from a handle's slot, and is about
 *     to call), or
 *   - a word of its stack from RSP up, or of its alternate signal stack (a return address, the
 *     RIP saved in a signal frame: arch/x86/kernel/signal.c puts the frame on the stack in use,
 *     or on the altstack for SA_ONSTACK handlers, sigaltstack(2)).
 * If no thread holds any address in the range in any of these, nothing a thread does next
 * brings it back there except a jump to an address it made up, which the threat model allows
 * anywhere already (every published byte is verified at every offset, and everything else is
 * int3).  Only threads that are executing guest code are scanned: a scheduled thread (held
 * at a safepoint or not), a thread inside `enter`, or a thread the SDK did not create.  A thread
 * idle between entries cannot come back on its own: its next entry starts where the host says,
 * so what is left in its registers (RCX holds the RIP after a SYSCALL, SDM Vol.2B SYSCALL) is
 * not a way in.
 */
import { Gpr } from '../mpk-hw/cpu/regs.js';
import type { Task } from '../mpk-hw/kernel/task.js';
import { hexAddr } from './audit/schema.js';
import { reclaimIn, type Allocation, type CodeRegion } from './code-region.js';
import type { SandboxCore as Sandbox } from './sandbox-core.js';

/** SS_DISABLE (sigaltstack(2)). */
const SS_DISABLE = 2;
const GPRS = [Gpr.RAX, Gpr.RCX, Gpr.RDX, Gpr.RBX, Gpr.RSP, Gpr.RBP, Gpr.RSI, Gpr.RDI,
  Gpr.R8, Gpr.R9, Gpr.R10, Gpr.R11, Gpr.R12, Gpr.R13, Gpr.R14, Gpr.R15];

/** The live threads of the sandboxed process that are executing guest code (see the file comment). */
function executingTasks(sbx: Sandbox): Task[] {
  const pid = sbx.owner.ut.pid;
  return [...sbx.machine.kernel.tasks.values()].filter((t) => {
    if (t.dead || t.process.pid !== pid) return false;
    const st = sbx.threads.get(t.tid);
    return st === undefined || t.guest || st.runningIn !== null;
  });
}

/** Whether any 8-byte word of [from, to) (read as the kernel's /proc/pid/mem would) lies in [start, end). */
function wordsPointInto(sbx: Sandbox, from: number, to: number, start: number, end: number): boolean {
  if (to <= from) return false;
  const bytes = sbx.machine.peek(sbx.owner.ut.pid, from, to - from);
  if (bytes === null) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Every byte offset, not only aligned words: a stack slot need not be 8-aligned.
  for (let i = 0; i + 8 <= bytes.length; i++) {
    const hi = view.getUint32(i + 4, true);
    if (hi >= 0x20_0000) continue; // above 2^53: not an address here
    const v = hi * 0x1_0000_0000 + view.getUint32(i, true);
    if (v >= start && v < end) return true;
  }
  return false;
}

/** The thread ids that could be executing in [start, end) or come back into it (see the file comment). */
export function threadsThatCouldBeIn(sbx: Sandbox, start: number, end: number): number[] {
  const out: number[] = [];
  for (const task of executingTasks(sbx)) {
    const r = task.regs;
    const inRange = (v: number): boolean => v >= start && v < end;
    let hit = inRange(r.rip) || GPRS.some((g) => {
      const v = r.get64(g);
      return v < 2n ** 53n && inRange(Number(v));
    });
    if (!hit) {
      const rsp = r.getNum(Gpr.RSP);
      const vma = task.process.mm.vmas.find(rsp);
      if (vma !== undefined) hit = wordsPointInto(sbx, rsp, vma.end, start, end);
    }
    const alt = task.altstack;
    if (!hit && (alt.flags & SS_DISABLE) === 0 && alt.size > 0) hit = wordsPointInto(sbx, alt.sp, alt.sp + alt.size, start, end);
    if (hit) out.push(task.tid);
  }
  return out;
}

/** Whether no thread could be in `a` (a quiescent point for it). */
export function quiescent(sbx: Sandbox, a: Allocation): boolean {
  return threadsThatCouldBeIn(sbx, a.start, a.start + a.size).length === 0;
}

/**
 * Retires the replaced bodies of `region` that are quiescent now, then gives back the space of
 * every retired allocation of the region that is quiescent (a `reclaim` record each).  Returns
 * how many allocations were retired and reclaimed.
 */
export function collect(sbx: Sandbox, region: CodeRegion): { retired: number; reclaimed: number } {
  const retired = sbx.code.retirePending(region);
  let reclaimed = 0;
  for (const a of region.allocations.filter((x) => x.state === 'retired')) {
    if (!quiescent(sbx, a)) continue;
    reclaimIn(region, a);
    reclaimed++;
    sbx.audit.emit({ kind: 'reclaim', cycle: sbx.ownerCycles(), tid: sbx.owner.tid, region: region.name, alloc: a.id,
      range: [hexAddr(a.start), hexAddr(a.start + a.size)] });
  }
  return { retired, reclaimed };
}
