/**
 * `pkjit selftest`: the Linux kernel's pkeys selftests, ported as behaviours and run on the
 * simulated machine.  Each protection_keys.c case runs on a fresh one-CPU machine for every
 * x86 malloc_pkey variant; the pkey_sighandler_tests.c cases run once, in order, in one process.
 */
import { MpkHwError } from '../errors.js';
import { Machine, type MachineOptions } from '../machine.js';
import { PAGE_SIZE } from '../phys-mem.js';
import { PROT_NONE, PROT_READ, PROT_WRITE, segvCodeName, signalName } from '../kernel/constants.js';
import { TaskGone } from '../kernel/kernel.js';
import { MALLOC_VARIANTS, PkeyTestEnv, SelftestFailure, check, ok } from './harness.js';
import { PROTECTION_KEYS_CASES } from './protection-keys.js';
import { SIGHANDLER_CASES } from './sighandler.js';

/** Outcome of one selftest case. */
export interface SelftestResult {
  /** The selftest function's name. */
  readonly name: string;
  /** Which source file it comes from. */
  readonly suite: 'protection_keys' | 'pkey_sighandler_tests';
  /** Variants it ran under (allocation variants, or empty). */
  readonly variants: readonly string[];
  readonly passed: boolean;
  /** Why it failed (empty when it passed). */
  readonly why: string;
}

/** Options of a selftest run. */
export interface SelftestOptions {
  /** Machine options applied to every case (e.g. `signalDelivery: 'pre-6.12'`). */
  readonly machine?: MachineOptions;
  /** Only cases whose name contains this string. */
  readonly filter?: string;
  /** Called after each case (progress output). */
  readonly onResult?: (r: SelftestResult) => void;
}

/** Describes an error thrown by a case as a failure reason. */
function reason(e: unknown): string {
  if (e instanceof SelftestFailure) return e.message;
  if (e instanceof TaskGone) {
    const info = e.status?.info;
    if (info === null || info === undefined) return e.message;
    const code = info.signo === 11 ? ` ${segvCodeName(info.code)}` : '';
    return `process killed by ${signalName(info.signo)}${code} at 0x${info.addr.toString(16)}`;
  }
  if (e instanceof MpkHwError) return `${e.code}: ${e.message}`;
  return `internal error: ${e instanceof Error ? e.stack ?? e.message : String(e)}`;
}

function runPkeyCase(name: string, run: (typeof PROTECTION_KEYS_CASES)[number][1], opts: MachineOptions): string {
  const fails: string[] = [];
  MALLOC_VARIANTS.forEach((variant, i) => {
    try {
      const env = new PkeyTestEnv({ cpus: 1, ...opts }, 1 + i);
      const pkey = env.allocRandomPkey();
      const ptr = env.mallocPkey(PAGE_SIZE, PROT_READ | PROT_WRITE, pkey, variant);
      run(env, ptr, pkey);
      ok(env.t.munmap(ptr, env.lastSize), 'munmap');
      ok(env.t.pkeyFree(pkey), `pkey_free(${pkey})`);
    } catch (e) {
      fails.push(`[${variant}] ${reason(e)}`);
    }
  });
  return fails.join('; ');
}

/** test_mprotect_pkey_on_unsupported_cpu, on a machine without PKU. */
function unsupportedCpuCase(opts: MachineOptions): string {
  try {
    const t = new Machine({ ...opts, pku: false }).spawn();
    const p = ok(t.mmap(0, PAGE_SIZE, PROT_NONE), 'mmap');
    check(t.pkeyMprotect(p, PAGE_SIZE, PROT_READ, 1) < 0, 'pkey_mprotect with key 1 succeeded without PKU');
    check(t.pkeyAlloc(0, 0) < 0, 'pkey_alloc succeeded without PKU');
    return '';
  } catch (e) {
    return reason(e);
  }
}

/** Runs the selftest; returns one result per case. */
export function runSelftest(o: SelftestOptions = {}): SelftestResult[] {
  const opts = o.machine ?? {};
  const want = (name: string): boolean => o.filter === undefined || name.includes(o.filter);
  const results: SelftestResult[] = [];
  const report = (r: SelftestResult): void => {
    results.push(r);
    o.onResult?.(r);
  };
  for (const [name, run] of PROTECTION_KEYS_CASES) {
    if (!want(name)) continue;
    const why = runPkeyCase(name, run, opts);
    report({ name, suite: 'protection_keys', variants: MALLOC_VARIANTS, passed: why === '', why });
  }
  if (want('test_mprotect_pkey_on_unsupported_cpu')) {
    const why = unsupportedCpuCase(opts);
    report({ name: 'test_mprotect_pkey_on_unsupported_cpu', suite: 'protection_keys', variants: [], passed: why === '', why });
  }
  const machine = new Machine(opts);
  const env = { machine, main: machine.spawn() };
  for (const [name, run] of SIGHANDLER_CASES) {
    if (!want(name)) continue;
    let why = '';
    try {
      run(env);
    } catch (e) {
      why = reason(e);
    }
    report({ name, suite: 'pkey_sighandler_tests', variants: [], passed: why === '', why });
  }
  return results;
}

export { PROTECTION_KEYS_CASES, SIGHANDLER_CASES };
