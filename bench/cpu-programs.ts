/**
 * Guest programs for the CPU benchmark, built with the jit/x64 assembler.  Each runs to
 * completion and ends with exit_group(0); RDI holds a data buffer where one is needed.
 */
import { Assembler, qword, eax, ecx, edi, rax, rcx, rdi, rdx, r8 } from '../jit/x64/index.js';

/** A benchmark program. */
export interface CpuProgram {
  readonly name: string;
  /** What the program exercises. */
  readonly what: string;
  readonly code: Uint8Array;
  /** Bytes of zeroed data the program expects at RDI. */
  readonly dataBytes: number;
}

function exitGroup(a: Assembler): void {
  a.mov(eax, 231); // exit_group
  a.xor(edi, edi);
  a.syscall();
}

/** A tight integer loop: add, xor, dec and a taken branch per iteration. */
export function intLoop(iterations: number): CpuProgram {
  const a = new Assembler();
  const top = a.newLabel();
  a.mov(ecx, iterations).xor(eax, eax);
  a.bind(top).add(rax, rcx).xor(rdx, rax).dec(rcx).jcc('ne', top);
  exitGroup(a);
  return { name: 'int-loop', what: 'add/xor/dec/jnz, registers only', code: a.finish(), dataBytes: 0 };
}

/** Recursive fib(n): call, ret, push, pop and compares. */
export function fibRecursion(n: number): CpuProgram {
  const a = new Assembler();
  const fib = a.newLabel();
  const small = a.newLabel();
  a.mov(edi, n).call(fib);
  exitGroup(a);
  a.bind(fib).cmp(rdi, 2).jcc('b', small);
  a.push(rdi).dec(rdi).call(fib).pop(rdi).push(rax);
  a.sub(rdi, 2).call(fib).pop(rdx).add(rax, rdx).ret();
  a.bind(small).mov(rax, rdi).ret();
  return { name: 'fib-recursion', what: 'call/ret/push/pop, stack traffic', code: a.finish(), dataBytes: 0 };
}

/** A load/store loop over a buffer of qwords at RDI. */
export function loadStore(words: number, passes: number): CpuProgram {
  const a = new Assembler();
  const outer = a.newLabel();
  const inner = a.newLabel();
  a.mov(r8, passes);
  a.bind(outer).xor(ecx, ecx);
  a.bind(inner).mov(rax, qword({ base: rdi, index: rcx, scale: 8 })).add(rax, rcx);
  a.mov(qword({ base: rdi, index: rcx, scale: 8 }), rax).inc(rcx).cmp(rcx, words).jcc('b', inner);
  a.dec(r8).jcc('ne', outer);
  exitGroup(a);
  return { name: 'load-store', what: 'mov load/add/mov store over a 32 KiB buffer', code: a.finish(), dataBytes: words * 8 };
}
