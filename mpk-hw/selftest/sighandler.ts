/**
 * The 5 tests of pkey_sighandler_tests.c (spec section 3.2), run once, in order, in one
 * process, as the kselftest does: pkey_alloc must return 1 in test 3 and 2 in test 5.
 * Threads are created with a raw clone onto stacks of the test's choosing.
 */
import {
  PROT_EXEC, PROT_READ, PROT_WRITE, SA_ONSTACK, SA_SIGINFO, SEGV_MAPERR, SEGV_PKUERR, SIGSEGV, SIGUSR1, SIGUSR2,
  segvCodeName,
} from '../kernel/constants.js';
import { TaskGone } from '../kernel/kernel.js';
import type { Machine } from '../machine.js';
import { PKRU_DENY_ALL } from '../pkru.js';
import type { HandlerContext, UserThread } from '../user-thread.js';
import { check, ok } from './harness.js';

/** State shared by the five tests (one process). */
export interface SighandlerEnv {
  readonly machine: Machine;
  readonly main: UserThread;
}

type Siginfo = { signo: number; code: number; addr: number; pkey: number };
const STACK = 64 * 1024; // PTHREAD_STACK_MIN-sized anonymous stacks

/** Runs `body` on `thread` until it exits; a thread exit (SYS_exit in the handler) is the normal end. */
function runThread(thread: UserThread, body: () => void): void {
  try {
    body();
  } catch (e) {
    if (!(e instanceof TaskGone)) throw e;
    check(e.status === null, `the process died: ${e.message}`);
  }
}

/** The SIGSEGV handler of the kselftest: copy siginfo, then exit the thread with raw SYS_exit. */
function segvRecorder(out: Siginfo[]): (ctx: HandlerContext) => void {
  return (ctx) => {
    out.push(ctx.readSiginfo());
    ctx.thread.exit(0);
  };
}

function mapStack(t: UserThread, prot = PROT_READ | PROT_WRITE): number {
  return ok(t.mmap(0, STACK, prot), 'mmap(stack)');
}

function expectSegv(seen: Siginfo[], code: number): void {
  check(seen.length === 1, `handler ran ${seen.length} times, expected once`);
  const si = seen[0] as Siginfo;
  check(si.signo === SIGSEGV && si.code === code, `got signal ${si.signo} ${segvCodeName(si.code)}, expected SIGSEGV ${segvCodeName(code)}`);
  if (code === SEGV_MAPERR) check(si.addr === 0, `si_addr 0x${si.addr.toString(16)}, expected NULL`);
}

function testHandlerWithPkey0Disabled(env: SighandlerEnv): void {
  const seen: Siginfo[] = [];
  env.main.sigaction(SIGSEGV, segvRecorder(seen), { flags: SA_SIGINFO });
  const child = env.main.clone();
  runThread(child, () => {
    child.wrpkru(PKRU_DENY_ALL);
    child.write32(0, 1); // *(int *)NULL = 1
  });
  expectSegv(seen, SEGV_MAPERR);
}

function testHandlerCannotAccessStack(env: SighandlerEnv): void {
  const seen: Siginfo[] = [];
  env.main.sigaction(SIGSEGV, segvRecorder(seen), { flags: SA_SIGINFO });
  const child = env.main.clone();
  runThread(child, () => {
    child.wrpkru(PKRU_DENY_ALL);
    child.read64(child.rsp - 8); // the return pops its address off the key-0 stack
  });
  expectSegv(seen, SEGV_PKUERR);
}

function testDifferentPkeyForStack(env: SighandlerEnv): void {
  const main = env.main;
  const seen: Siginfo[] = [];
  main.sigaction(SIGSEGV, segvRecorder(seen), { flags: SA_SIGINFO | SA_ONSTACK });
  main.wrpkru(0x55555550); // keys 0 and 1 allowed
  const pkey = main.pkeyAlloc(0, 0);
  check(pkey === 1, `pkey_alloc returned ${pkey}, expected 1`);
  const stack = mapStack(main);
  ok(main.pkeyMprotect(stack, STACK, PROT_READ | PROT_WRITE, pkey), 'pkey_mprotect(stack)');
  const alt = mapStack(main, PROT_READ | PROT_WRITE | PROT_EXEC);
  const child = main.clone(stack + STACK);
  runThread(child, () => {
    ok(child.sigaltstack(alt, STACK), 'sigaltstack');
    child.wrpkru(0x55555551); // only key 1 allowed
    child.write32(0, 1);
  });
  expectSegv(seen, SEGV_MAPERR);
  main.wrpkru(env.machine.kernel.config.initPkru);
}

function testPkruPreservedAfterSigusr1(env: SighandlerEnv): void {
  const main = env.main;
  const seen: Siginfo[] = [];
  main.sigaction(SIGUSR1, (ctx) => { seen.push(ctx.readSiginfo()); }, { flags: SA_SIGINFO });
  const pkru = 0x55551514; // restrictive, keys 0, 3 and 7 unrestricted
  main.wrpkru(pkru);
  ok(main.raise(SIGUSR1), 'raise(SIGUSR1)');
  const after = main.rdpkru();
  check(after === pkru, `PKRU after the handler 0x${after.toString(16)}, expected 0x${pkru.toString(16)}`);
  check(seen.length === 1 && seen[0]?.signo === SIGUSR1, 'the SIGUSR1 handler did not see SIGUSR1');
  main.wrpkru(env.machine.kernel.config.initPkru);
}

function testPkruSigreturn(env: SighandlerEnv): void {
  const main = env.main;
  main.sigaction(SIGSEGV, 'default');
  let handled = 0;
  main.sigaction(SIGUSR2, () => { handled++; }, { flags: SA_SIGINFO | SA_ONSTACK });
  main.wrpkru(0x55555544); // keys 0 and 2 allowed
  const pkey = main.pkeyAlloc(0, 0);
  check(pkey === 2, `pkey_alloc returned ${pkey}, expected 2`);
  const stack = mapStack(main);
  ok(main.pkeyMprotect(stack, STACK, PROT_READ | PROT_WRITE, pkey), 'pkey_mprotect(stack)');
  const alt = mapStack(main);
  const child = main.clone(stack + STACK);
  let resumed = -1;
  try {
    ok(child.sigaltstack(alt, STACK), 'sigaltstack');
    child.wrpkru(0x55555545); // only key 2 allowed
    ok(child.tkill(child.tid, SIGUSR2), 'tkill(self, SIGUSR2)');
    child.write(child.rsp - 64, new TextEncoder().encode('PKRU restored\n')); // on the key-2 stack
    resumed = child.rdpkru();
    child.exit(0);
  } catch (e) {
    if (!(e instanceof TaskGone)) throw e;
    check(e.status === null, `sigreturn did not restore the altstack before PKRU: ${e.message}`);
  }
  check(handled === 1, `SIGUSR2 handler ran ${handled} times`);
  check(resumed === 0x55555545, `thread resumed with PKRU 0x${resumed.toString(16)}, expected 0x55555545`);
}

/** The five tests in kselftest order. */
export const SIGHANDLER_CASES: ReadonlyArray<readonly [string, (env: SighandlerEnv) => void]> = [
  ['test_sigsegv_handler_with_pkey0_disabled', testHandlerWithPkey0Disabled],
  ['test_sigsegv_handler_cannot_access_stack', testHandlerCannotAccessStack],
  ['test_sigsegv_handler_with_different_pkey_for_stack', testDifferentPkeyForStack],
  ['test_pkru_preserved_after_sigusr1', testPkruPreservedAfterSigusr1],
  ['test_pkru_sigreturn', testPkruSigreturn],
];
