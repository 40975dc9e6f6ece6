/**
 * The harness of the Linux kernel's pkeys selftest (tools/testing/selftests/mm/
 * protection_keys.c, pkey-helpers.h, pkey-x86.h), re-expressed on the simulated machine:
 * a shadow of PKRU checked against the register, the SIGSEGV handler that reads the frame's
 * PKRU slot, records si_pkey and clears the slot, and the fault-count assertions.
 * Spec section 3.0.
 */
import { MpkHwError } from '../errors.js';
import { Machine, type MachineOptions } from '../machine.js';
import { LARGE_PAGE_SIZE, PAGE_SIZE } from '../phys-mem.js';
import { pkruWithKeyBits, pkruKeyBits, PKRU_AD_BIT, PKRU_WD_BIT, NR_PKEYS } from '../pkru.js';
import {
  Errno, MADV_HUGEPAGE, MADV_WILLNEED, MAP_ANONYMOUS, MAP_HUGETLB, MAP_PRIVATE, PROT_NONE, PROT_READ, PROT_WRITE,
  SEGV_ACCERR, SEGV_BNDERR, SEGV_MAPERR, SIGSEGV, formatSyscallResult,
} from '../kernel/constants.js';
import { UC_OFFSET, MC_FPSTATE, SI_PKEY, SI_CODE } from '../kernel/sigframe.js';
import type { UserThread } from '../user-thread.js';

/** A failed selftest assertion. */
export class SelftestFailure extends MpkHwError {
  constructor(message: string) {
    super('SELFTEST_FAILED', message);
    this.name = 'SelftestFailure';
  }
}

/** pkey_assert. */
export function check(cond: unknown, message: string): asserts cond {
  if (!cond) throw new SelftestFailure(message);
}

/** Asserts a system call succeeded (result >= 0) and returns it. */
export function ok(r: number, what: string): number {
  check(r >= 0, `${what} failed: ${formatSyscallResult(r)}`);
  return r;
}

/** The allocation variants of malloc_pkey that apply on x86 (the sub-page one is skipped there). */
export type MallocVariant = 'anon' | 'thp' | 'hugetlb';
export const MALLOC_VARIANTS: readonly MallocVariant[] = ['anon', 'thp', 'hugetlb'];

/** A deterministic PRNG (mulberry32) standing in for the selftest's rand(). */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = s;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** One run of the protection_keys harness: a process, its shadow PKRU and its fault records. */
export class PkeyTestEnv {
  readonly machine: Machine;
  /** The test's main thread. */
  readonly t: UserThread;
  /** The shadow copy of PKRU (shadow_pkey_reg). */
  shadow: number;
  /** pkey_faults: SIGSEGV handler invocations. */
  faults = 0;
  /** Fault count at the last expected_pkey_fault / do_not_expect_pkey_fault. */
  private lastFaults = 0;
  /** si_pkey of the last fault. */
  lastSiPkey = -1;
  /** Size of the last malloc_pkey record (test_mprotect_with_pkey_0 uses it). */
  lastSize = PAGE_SIZE;
  readonly rand: () => number;

  constructor(opts: MachineOptions = {}, seed = 1) {
    this.machine = new Machine(opts);
    this.t = this.machine.spawn();
    this.rand = prng(seed);
    this.shadow = this.t.rdpkru();
    this.installHandler();
  }

  /** signal_handler for SIGSEGV (protection_keys.c). */
  private installHandler(): void {
    const pkruOffset = this.machine.cpuid(0xd, 9).ebx;
    this.t.sigaction(SIGSEGV, (ctx) => {
      const th = ctx.thread;
      // uc->uc_mcontext.fpregs, then the PKRU slot at CPUID.(0DH,9).EBX inside it.
      const fpregs = Number(th.read64(ctx.ucontextAddr + (MC_FPSTATE - UC_OFFSET)));
      const slot = fpregs + pkruOffset;
      check(th.read32(slot) !== 0, 'signal frame PKRU slot is 0');
      const code = th.read32(ctx.siginfoAddr + SI_CODE);
      check(code !== SEGV_MAPERR && code !== SEGV_ACCERR && code !== SEGV_BNDERR,
        `SIGSEGV with si_code ${code} at 0x${ctx.info.addr.toString(16)} (the test exits 4 here)`);
      const siPkey = th.read32(ctx.siginfoAddr + SI_PKEY);
      check(siPkey < NR_PKEYS, `si_pkey ${siPkey} out of range`);
      this.lastSiPkey = siPkey;
      th.write64(slot, 0n); // sigreturn then loads PKRU = 0 and the access re-executes
      this.faults++;
    });
  }

  /** read_pkey_reg: RDPKRU, asserting it equals the shadow. */
  readPkeyReg(): number {
    const v = this.t.rdpkru();
    check(v === this.shadow, `PKRU 0x${v.toString(16)} != shadow 0x${this.shadow.toString(16)}`);
    return v;
  }

  /** write_pkey_reg: WRPKRU and assert the read-back. */
  writePkeyReg(v: number): void {
    this.shadow = v >>> 0;
    this.t.wrpkru(this.shadow);
    this.readPkeyReg();
  }

  private setBits(pkey: number, bit: number, on: boolean): void {
    const cur = pkruKeyBits(this.readPkeyReg(), pkey);
    this.writePkeyReg(pkruWithKeyBits(this.shadow, pkey, on ? cur | bit : cur & ~bit));
  }

  pkeyAccessDeny(pkey: number): void { this.setBits(pkey, PKRU_AD_BIT, true); }
  pkeyAccessAllow(pkey: number): void { this.setBits(pkey, PKRU_AD_BIT, false); }
  pkeyWriteDeny(pkey: number): void { this.setBits(pkey, PKRU_WD_BIT, true); }
  pkeyWriteAllow(pkey: number): void { this.setBits(pkey, PKRU_WD_BIT, false); }

  /**
   * expected_pkey_fault: one new fault, on `pkey` (null: any key), and PKRU now 0; then PKRU
   * back to the shadow.
   */
  expectedPkeyFault(pkey: number | null): void {
    check(this.faults === this.lastFaults + 1, `expected 1 pkey fault, saw ${this.faults - this.lastFaults}`);
    check(pkey === null || this.lastSiPkey === pkey, `si_pkey ${this.lastSiPkey}, expected ${pkey}`);
    const now = this.t.rdpkru();
    check(now === 0, `PKRU after the fault is 0x${now.toString(16)}, expected 0 (frame slot cleared by the handler)`);
    this.lastFaults = this.faults;
    this.t.wrpkru(this.shadow);
  }

  /** do_not_expect_pkey_fault. */
  doNotExpectPkeyFault(what: string): void {
    check(this.faults === this.lastFaults, `unexpected pkey fault during ${what}`);
  }

  /** alloc_pkey: pkey_alloc(0, PKEY_UNRESTRICTED); on success the key's shadow bits clear. */
  allocPkey(): number {
    const r = this.t.pkeyAlloc(0, 0);
    if (r >= 0) this.shadow = pkruWithKeyBits(this.shadow, r, 0);
    this.readPkeyReg();
    return r;
  }

  /** alloc_random_pkey: allocate until failure, keep a random one, free the rest. */
  allocRandomPkey(): number {
    const got: number[] = [];
    for (let i = 0; i < NR_PKEYS; i++) {
      const k = this.allocPkey();
      if (k < 0) break;
      got.push(k);
    }
    check(got.length > 0, 'no key could be allocated');
    const keep = got[Math.floor(this.rand() * got.length)] as number;
    for (const k of got) if (k !== keep) ok(this.t.pkeyFree(k), `pkey_free(${k})`);
    return keep;
  }

  /** malloc_pkey: memory with `prot` tagged with `pkey`, in one of the x86 variants. */
  mallocPkey(size: number, prot: number, pkey: number, variant: MallocVariant): number {
    const t = this.t;
    if (variant === 'anon') {
      const p = ok(t.mmap(0, size, PROT_READ | PROT_WRITE), 'mmap');
      ok(t.pkeyMprotect(p, size, prot, pkey), 'pkey_mprotect');
      this.lastSize = size;
      return p;
    }
    if (variant === 'thp') {
      const len = 2 * LARGE_PAGE_SIZE;
      const raw = ok(t.mmap(0, len, PROT_NONE), 'mmap');
      ok(t.pkeyMprotect(raw, len, prot, pkey), 'pkey_mprotect');
      const p = Math.ceil(raw / LARGE_PAGE_SIZE) * LARGE_PAGE_SIZE;
      ok(t.madvise(p, LARGE_PAGE_SIZE, MADV_HUGEPAGE), 'madvise(MADV_HUGEPAGE)');
      ok(t.madvise(p, LARGE_PAGE_SIZE, MADV_WILLNEED), 'madvise(MADV_WILLNEED)');
      t.write(p, new Uint8Array(LARGE_PAGE_SIZE)); // memset
      this.lastSize = LARGE_PAGE_SIZE;
      return p;
    }
    const p = ok(t.mmap(0, LARGE_PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB), 'mmap(MAP_HUGETLB)');
    ok(t.pkeyMprotect(p, LARGE_PAGE_SIZE, prot, pkey), 'pkey_mprotect');
    this.lastSize = LARGE_PAGE_SIZE;
    return p;
  }

  /** Writes a NUL-terminated string into the thread's scratch page; returns its address. */
  cString(s: string, offset = 0): number {
    const at = this.t.scratch() + offset;
    this.t.write(at, new TextEncoder().encode(s + '\0'));
    return at;
  }

  /** Whether an errno result is the expected one. */
  static isErr(r: number, errno: keyof typeof Errno): boolean {
    return r === -Errno[errno];
  }
}
