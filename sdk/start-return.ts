/**
 * The start return trampoline (sbx.start, handle.start): started code is entered as by a call,
 * with [rsp] the address of `mov rdi, rax; mov eax, START_RETURN_NR; syscall; int3`, and the
 * SDK's filter (code-handle.ts CodeServices.filter) serves that system call for threads `start`
 * began: RAX goes into their StartedCode and the thread ends.
 */
import { RUNTIME_CALL_BASE } from './runtime-gate.js';
import type { SdkThread } from './threads.js';

/** The system call of the return trampoline (served by the SDK's filter, never by the kernel). */
export const START_RETURN_NR = RUNTIME_CALL_BASE - 1;

/** The end of a thread started with `start`: what it returned, if it returned. */
export class StartedCode {
  /** The thread the code runs on. */
  readonly thread: SdkThread;
  #rax: bigint | undefined = undefined;

  constructor(thread: SdkThread) {
    this.thread = thread;
  }

  /** 'running'; 'returned' (it returned into the SDK's trampoline); 'ended' (it exited, faulted or was killed). */
  get state(): 'running' | 'returned' | 'ended' {
    if (this.#rax !== undefined) return 'returned';
    return this.thread.ut.task.dead ? 'ended' : 'running';
  }

  /** RAX at the return, as a signed 64-bit value; undefined unless it returned. */
  get result(): bigint | undefined {
    return this.#rax === undefined ? undefined : BigInt.asIntN(64, this.#rax);
  }

  /** RAX at the return, unsigned; undefined unless it returned. */
  get rax(): bigint | undefined {
    return this.#rax;
  }

  /** Records the return (the trampoline's system call). SDK-internal. */
  static returned(s: StartedCode, rax: bigint): void {
    s.#rax = BigInt.asUintN(64, rax);
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    const r = this.#rax === undefined ? '' : `, result: ${String(this.result)}`;
    return `StartedCode { tid: ${this.thread.tid}, state: ${this.state}${r} }`;
  }
}

/** The trampoline: mov rdi, rax (REX.W 89 /r); mov eax, imm32 (B8 id); syscall (0F 05); int3. SDM Vol.2 MOV, SYSCALL, INT3. */
export function trampolineBytes(): Uint8Array {
  const nr = START_RETURN_NR;
  return Uint8Array.of(0x48, 0x89, 0xc7, 0xb8, nr & 0xff, (nr >>> 8) & 0xff, (nr >>> 16) & 0xff, (nr >>> 24) & 0xff, 0x0f, 0x05, 0xcc);
}
