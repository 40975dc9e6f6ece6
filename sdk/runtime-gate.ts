/**
 * The runtime gate: how JIT code calls the embedder's runtime (allocation, printing, slow
 * paths).  Each runtime function gets a stub in an SDK-owned code region,
 *
 *     mov eax, RUNTIME_CALL_BASE + n ; syscall ; ret
 *
 * and the stub addresses sit in a table in runtime data, which executors can read but not
 * change, so JIT code calls `[table + 8*n]` and cannot redirect the call.  The system call is
 * taken by the SDK's seccomp filter in the manner of SECCOMP_RET_USER_NOTIF: the SDK (the
 * supervisor) runs the host function with the caller's argument registers and supplies the
 * result in RAX.  JIT code itself still may not contain SYSCALL; only the sealed stubs do.
 */
import type { SeccompFilter } from '../mpk-hw/kernel/task.js';
import type { Allocation } from './code-region.js';
import { SdkError } from './errors.js';
import type { SandboxCore as Sandbox } from './sandbox-core.js';
import { SdkThread } from './threads.js';
import { show } from './validate.js';
import { guarded } from './boundary.js';

/** First system-call number of runtime calls (far above Linux's table). */
export const RUNTIME_CALL_BASE = 0x7000;

/**
 * Thrown by a runtime function to end the calling thread, as SECCOMP_RET_KILL_THREAD would
 * (for an error the guest cannot handle, e.g. an uncaught exception of the guest language);
 * the runtime function records why before throwing.  Other threads keep running.
 */
export class EndThread extends Error {
  constructor(why: string) {
    super(why);
    this.name = 'EndThread';
  }
}

/** A runtime function: gets RDI, RSI, RDX, R10, R8, R9 and the calling thread; returns RAX. */
export type RuntimeFunction = (args: readonly bigint[], caller: SdkThread) => bigint;

/** The installed gate: where JIT code finds each function. */
export interface RuntimeTable {
  /** Address of the table of stub addresses (8 bytes each, in definition order). */
  readonly table: number;
  /** Index of each function by name. */
  readonly index: ReadonlyMap<string, number>;
}

/**
 * `mov eax, nr ; syscall ; ret` (B8 id; 0F 05; C3: SDM Vol.2 MOV, SYSCALL, RET), written out
 * here so that the SDK does not depend on the JIT's assembler.
 */
export function stubBytes(nr: number): Uint8Array {
  return Uint8Array.of(0xb8, nr & 0xff, (nr >>> 8) & 0xff, (nr >>> 16) & 0xff, (nr >>> 24) & 0xff, 0x0f, 0x05, 0xc3);
}

/** The runtime gate of one sandbox. */
export class RuntimeGate {
  private readonly sbx: Sandbox;
  private readonly fns: Array<{ name: string; fn: RuntimeFunction }> = [];
  private installed: RuntimeTable | null = null;
  /** Runtime calls served. */
  calls = 0;

  constructor(sbx: Sandbox) {
    this.sbx = sbx;
  }

  /** Adds a runtime function (before install()). */
  define(name: string, fn: RuntimeFunction): void {
    if (typeof name !== 'string' || name.length === 0) throw new SdkError('BAD_ARGUMENT', `runtime.define: name must be a non-empty string (got ${show(name)})`);
    if (typeof fn !== 'function') throw new SdkError('BAD_ARGUMENT', `runtime.define(${name}): needs a function (got ${show(fn)})`);
    if (this.installed !== null) throw new SdkError('GATE_INSTALLED', `runtime function ${name} defined after the gate was installed`);
    if (this.fns.some((f) => f.name === name)) throw new SdkError('GATE_NAME', `runtime function ${name} is defined twice`);
    this.fns.push({ name, fn });
  }

  /** Emits, seals and publishes the stubs and writes the table; returns where things are. */
  install(emitter: SdkThread): RuntimeTable {
    if (this.installed !== null) return this.installed;
    if (!(emitter instanceof SdkThread) || this.sbx.threads.get(emitter.tid) !== emitter) {
      throw new SdkError('BAD_ARGUMENT', `runtime.install needs a compiler thread of this sandbox (got ${show(emitter)})`);
    }
    return guarded('runtime.install', (tid) => this.sbx.lastFault(tid), () => this.emit(emitter));
  }

  private emit(emitter: SdkThread): RuntimeTable {
    const region = this.sbx.createRegion('runtime-stubs', Math.max(4096, this.fns.length * 16));
    const stubs: Allocation[] = this.fns.map((f, n) => {
      const a = this.sbx.reserve(region, 8, `stub ${f.name}`);
      const code = stubBytes(RUNTIME_CALL_BASE + n);
      this.sbx.withWindow(emitter, a, { reason: `runtime stub ${f.name}` }, (w) => w.write(0, code));
      this.sbx.seal(a, [], { allowSyscall: true });
      this.sbx.publish(a);
      return a;
    });
    const table = this.sbx.createRuntimeData('runtime table', Math.max(8, 8 * stubs.length));
    stubs.forEach((a, n) => emitter.ut.write64(table + 8 * n, BigInt(a.start)));
    this.installed = { table, index: new Map(this.fns.map((f, n) => [f.name, n])) };
    return this.installed;
  }

  /** The seccomp filter that serves runtime calls (installed on every sandboxed thread). */
  filter(): SeccompFilter {
    return (nr, args, task) => {
      const f = this.fns[nr - RUNTIME_CALL_BASE];
      if (nr < RUNTIME_CALL_BASE || f === undefined) return 'allow';
      const caller = this.sbx.threads.get(task.tid);
      if (caller === undefined) return { errno: 1 /* EPERM */ };
      this.calls++;
      try {
        return { result: BigInt.asUintN(64, f.fn(args, caller)) };
      } catch (e) {
        if (e instanceof EndThread) {
          this.sbx.audit.emit({ kind: 'thread.exit', cycle: task.counters.cycles, tid: task.tid, reason: e.message,
            detail: { by: `runtime function ${f.name}`, action: 'kill-thread' } });
          return 'kill-thread';
        }
        throw e;
      }
    };
  }

  /** Whether `nr` is a runtime call (executors' allowlist lets these through to the gate). */
  isRuntimeCall(nr: number): boolean {
    return nr >= RUNTIME_CALL_BASE && nr < RUNTIME_CALL_BASE + this.fns.length;
  }
}
