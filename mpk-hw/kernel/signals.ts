/**
 * Signals: sigaction, sigaltstack, sending, delivery with the PKRU handling of Linux 6.12+
 * (arch/x86/kernel/signal.c get_sigframe / sig_prepare_pkru, fpu/signal.c
 * update_pkru_in_sigframe) and rt_sigreturn (signal_64.c), or the older behaviour on request.
 * Spec L-9, L-10, L-11, P-4, P-5, P-6.
 */
import { Gpr } from '../cpu/regs.js';
import { MpkHwError } from '../errors.js';
import { XFEATURE_MASK_FPSSE, XFEATURE_MASK_PKRU, XSAVE_HEADER_OFFSET, xrstorPkru, type XsaveMemory } from '../xsave.js';
import {
  Errno, MINSIGSTKSZ, SA_NODEFER, SA_ONSTACK, SA_RESETHAND, SA_RESTORER, SI_KERNEL, SIGCHLD, SIGKILL, SIGSEGV, SIGSTOP,
  SS_AUTODISARM, SS_DISABLE, SS_ONSTACK, signalName,
} from './constants.js';
import type { Kernel } from './kernel.js';
import { TaskGone } from './kernel.js';
import { copyFromUser, copyToUser } from './page-fault.js';
import {
  FPX_SW_OFFSET, FP_XSTATE_MAGIC1, FP_XSTATE_MAGIC2, FRAME_SIZE, MCONTEXT_SIZE, MC_CR2, MC_ERR, MC_FPSTATE,
  MC_TRAPNO, SIGINFO_OFFSET, SI_ADDR, SI_CODE, SI_PKEY, UC_FLAGS, UC_FLAGS_VALUE, UC_MCONTEXT, UC_SIGMASK, UC_STACK,
  getMcontext, putMcontext,
} from './sigframe.js';
import { sigbit, type AltStack, type SigAction, type SigInfo, type Task } from './task.js';

/** What a host signal handler sees: the signal and where its frame lies in guest memory. */
export interface SignalContext {
  readonly task: Task;
  readonly signo: number;
  /** The siginfo as the kernel built it (also in guest memory at `siginfoAddr`). */
  readonly info: SigInfo;
  /** Address of the rt_sigframe (the handler's RSP). */
  readonly frameAddr: number;
  readonly siginfoAddr: number;
  readonly ucontextAddr: number;
  /** uc_mcontext.fpstate: the XSAVE area. */
  readonly fpstateAddr: number;
  /** The PKRU slot of the XSAVE area (fpstate + CPUID.(0DH,9).EBX). */
  readonly pkruSlotAddr: number;
  /** uc_mcontext.err: the page-fault error code of a fault (W/R in bit 1, I/D in bit 4). */
  readonly errAddr: number;
}

const DEFAULT_IGNORED = new Set([SIGCHLD, 28 /* SIGWINCH */, 23 /* SIGURG */]);

/** SS_FLAG_BITS: the flag bits of ss_flags, apart from its mode. */
const SS_FLAG_BITS = SS_AUTODISARM;

/** __on_sig_stack: whether `sp` lies on the alternate stack `ss`. */
function onSigStackRaw(ss: AltStack, sp: number): boolean {
  return sp > ss.sp && sp - ss.sp <= ss.size;
}

/** on_sig_stack: an SS_AUTODISARM altstack never counts as the one being run on. */
function onSigStack(ss: AltStack, sp: number): boolean {
  return (ss.flags & SS_AUTODISARM) === 0 && onSigStackRaw(ss, sp);
}

/** sas_ss_flags: SS_DISABLE, SS_ONSTACK or 0. */
function sasSsFlags(ss: AltStack, sp: number): number {
  if (ss.size === 0) return SS_DISABLE;
  return onSigStack(ss, sp) ? SS_ONSTACK : 0;
}

/** The ss_flags sigaltstack reports in `oss` for `ss`: sas_ss_flags(sp) | (sas_ss_flags & SS_FLAG_BITS). */
export function reportedAltstackFlags(ss: AltStack, sp: number): number {
  return (sasSsFlags(ss, sp) | (ss.flags & SS_FLAG_BITS)) >>> 0;
}

/** do_sigaltstack with a new setting (or null to only query). Returns 0 or -errno. */
export function doSigaltstack(t: Task, ss: AltStack | null, sp: number): number {
  if (ss === null) return 0;
  if (onSigStack(t.altstack, sp)) return -Errno.EPERM;
  const mode = ss.flags & ~SS_FLAG_BITS;
  if (mode !== SS_DISABLE && mode !== SS_ONSTACK && mode !== 0) return -Errno.EINVAL;
  if (mode === SS_DISABLE) {
    t.altstack = { sp: 0, size: 0, flags: ss.flags };
    return 0;
  }
  if (ss.size < MINSIGSTKSZ) return -Errno.ENOMEM;
  t.altstack = { sp: ss.sp, size: ss.size, flags: ss.flags }; // sas_ss_flags keeps ss_flags as given
  return 0;
}

/** Queues a signal for a task (tkill/tgkill/kill). */
export function sendSignal(k: Kernel, target: Task, info: SigInfo): number {
  if (target.dead) return -Errno.ESRCH;
  if (info.signo === 0) return 0;
  if (info.signo === SIGKILL) {
    k.killProcess(target.process, info);
    return 0;
  }
  target.pending.push(info);
  return 0;
}

/** Delivers the task's deliverable pending signals (on return to user mode). */
export function deliverPending(k: Kernel, task: Task): void {
  for (let i = 0; i < task.pending.length;) {
    const info = task.pending[i] as SigInfo;
    if ((task.blocked & sigbit(info.signo)) !== 0n || info.signo === SIGSTOP) { i++; continue; }
    task.pending.splice(i, 1);
    deliverSignal(k, task, info, false);
  }
}

/** The action for a signal (absent means default). */
function actionFor(task: Task, sig: number): SigAction {
  return task.process.sigactions.get(sig) ?? { handler: 'default', flags: 0, mask: 0n, restorer: 0 };
}

/** Ends the process with `info` and unwinds the host code driving the task. */
function die(k: Kernel, task: Task, info: SigInfo): never {
  k.killProcess(task.process, info);
  throw new TaskGone(task, task.process.exit, `process ${task.process.pid} killed by ${signalName(info.signo)}`);
}

/**
 * Delivers one signal now.  `forced` is force_sig_fault: a blocked or ignored fault signal
 * kills the process.  Host handlers run to completion, then rt_sigreturn runs.
 */
export function deliverSignal(k: Kernel, task: Task, info: SigInfo, forced: boolean): void {
  const act = actionFor(task, info.signo);
  const blocked = (task.blocked & sigbit(info.signo)) !== 0n;
  if (forced && (blocked || act.handler === 'ignore')) die(k, task, info);
  if (act.handler === 'ignore') return;
  if (act.handler === 'default') {
    if (DEFAULT_IGNORED.has(info.signo)) return;
    die(k, task, info);
  }
  k.charge(task, 'signalsDelivered', k.config.costs.signal);
  // get_signal resets an SA_RESETHAND action before the frame is set up, so also when that fails.
  if (act.flags & SA_RESETHAND) task.process.sigactions.delete(info.signo);
  const ctx = setupFrame(k, task, info, act);
  if (ctx === null) {
    forceSigsegv(k, task, info.signo);
    return;
  }
  const handler = act.handler;
  if (typeof handler === 'number') {
    task.regs.rip = handler; // the CPU continues in the handler; it returns through sa_restorer
    if (task.guest) return;
    throw new MpkHwError('UNSUPPORTED', `guest signal handler at 0x${handler.toString(16)}: running guest code needs the CPU, which host-driven threads do not use`);
  }
  task.handlerDepth++;
  try {
    handler(ctx);
  } finally {
    task.handlerDepth--;
  }
  // The handler returns to sa_restorer, which makes the rt_sigreturn system call.
  task.regs.setNum(Gpr.RSP, ctx.frameAddr + 8);
  rtSigreturn(k, task);
}

/** The SIGSEGV the kernel raises itself (si_code SI_KERNEL, si_addr 0). */
const KERNEL_SIGSEGV: SigInfo = { signo: SIGSEGV, code: SI_KERNEL, addr: 0, pkey: 0, pid: 0 };

/**
 * kernel/signal.c force_sigsegv, after a frame could not be set up (signal_setup_done): fatal
 * when the signal being delivered was SIGSEGV itself, else force_sig(SIGSEGV), which a handler
 * may catch.
 */
function forceSigsegv(k: Kernel, task: Task, sig: number): void {
  if (sig === SIGSEGV) die(k, task, KERNEL_SIGSEGV);
  deliverSignal(k, task, KERNEL_SIGSEGV, true);
}

/**
 * Builds the signal frame and enters the handler's state (setup_rt_frame); null when it failed
 * (-EFAULT), with nothing of the handler's state entered.
 */
function setupFrame(k: Kernel, task: Task, info: SigInfo, act: SigAction): SignalContext | null {
  // signal_64.c x64_setup_rt_frame: "x86-64 should always use SA_RESTORER" (-EFAULT, nothing
  // written).  Host handlers return to the kernel directly and need none.
  if (typeof act.handler === 'number' && (act.flags & SA_RESTORER) === 0) return null;
  const cpu = k.ensureOnCpu(task);
  const layout = k.config.xsave;
  const rsp = task.regs.getNum(Gpr.RSP);
  // signal.c get_sigframe: below the red zone, or at the top of the altstack.
  const nested = onSigStack(task.altstack, rsp);
  let sp = rsp - 128;
  const entering = (act.flags & SA_ONSTACK) !== 0 && sasSsFlags(task.altstack, sp) === 0;
  if (entering) sp = task.altstack.sp + task.altstack.size;
  const fpstate = Math.floor((sp - (layout.size + 4)) / 64) * 64;
  const frame = Math.floor((fpstate - FRAME_SIZE) / 16) * 16 - 8;
  // A frame that would overflow the altstack is refused before anything is written (-EFAULT).
  if ((nested || entering) && !onSigStackRaw(task.altstack, frame)) return null;
  const interrupted = cpu.pkru;
  const modern = k.config.signalDelivery === 'linux-6.12';
  // sig_prepare_pkru: all keys enabled while the kernel writes the frame (6.12+).
  if (modern) cpu.kernelWritePkru(0);
  const fpImage = buildFpstate(k, interrupted, modern ? true : cpu.xinusePkru);
  const img = new Uint8Array(FRAME_SIZE);
  const v = new DataView(img.buffer);
  v.setBigUint64(0, BigInt(act.restorer), true);
  v.setBigUint64(UC_FLAGS, BigInt(UC_FLAGS_VALUE), true);
  v.setBigUint64(UC_STACK, BigInt(task.altstack.sp), true);
  v.setUint32(UC_STACK + 8, task.altstack.flags, true); // __save_altstack: sas_ss_flags as set
  v.setBigUint64(UC_STACK + 16, BigInt(task.altstack.size), true);
  putMcontext(v, task.regs);
  // setup_sigcontext: thread.error_code, trap_nr and cr2, as the last trap left them.
  v.setBigUint64(MC_ERR, BigInt(task.trap.errorCode), true);
  v.setBigUint64(MC_TRAPNO, BigInt(task.trap.trapNr), true);
  v.setBigUint64(MC_CR2, BigInt(task.trap.cr2), true);
  v.setBigUint64(MC_FPSTATE, BigInt(fpstate), true);
  v.setBigUint64(UC_SIGMASK, task.blocked, true);
  putSiginfo(v, SIGINFO_OFFSET, info);
  if (!copyToUser(k, task, fpstate, fpImage) || !copyToUser(k, task, frame, img)) {
    cpu.kernelWritePkru(interrupted);
    return null;
  }
  // fpu__clear_user_states -> pkru_write_default: the handler starts with init_pkru_value.
  k.ensureOnCpu(task).kernelWritePkru(k.config.initPkru);
  // kernel/signal.c signal_delivered: the handler's mask, then SS_AUTODISARM resets the altstack.
  task.blocked |= act.mask | ((act.flags & SA_NODEFER) ? 0n : sigbit(info.signo));
  if (task.altstack.flags & SS_AUTODISARM) task.altstack = { sp: 0, size: 0, flags: SS_DISABLE };
  task.regs.setNum(Gpr.RSP, frame);
  task.regs.setNum(Gpr.RDI, info.signo);
  task.regs.setNum(Gpr.RSI, frame + SIGINFO_OFFSET);
  task.regs.setNum(Gpr.RDX, frame + 8);
  task.regs.setNum(Gpr.RAX, 0);
  return { task, signo: info.signo, info, frameAddr: frame, siginfoAddr: frame + SIGINFO_OFFSET, ucontextAddr: frame + 8,
    fpstateAddr: fpstate, pkruSlotAddr: fpstate + layout.pkruOffset, errAddr: frame + MC_ERR };
}

/** The XSAVE image written to the frame: legacy region, software bytes, header and PKRU. */
function buildFpstate(k: Kernel, pkru: number, pkruInUse: boolean): Uint8Array {
  const layout = k.config.xsave;
  const img = new Uint8Array(layout.size + 4);
  const v = new DataView(img.buffer);
  v.setUint32(24, 0x1f80, true); // MXCSR reset value
  const features = XFEATURE_MASK_FPSSE | XFEATURE_MASK_PKRU;
  v.setUint32(FPX_SW_OFFSET, FP_XSTATE_MAGIC1, true);
  v.setUint32(FPX_SW_OFFSET + 4, layout.size + 4, true);
  v.setBigUint64(FPX_SW_OFFSET + 8, BigInt(features), true);
  v.setUint32(FPX_SW_OFFSET + 16, layout.size, true);
  // update_pkru_in_sigframe: the interrupted PKRU, with XSTATE_BV[PKRU] forced to 1 (6.12+).
  v.setBigUint64(XSAVE_HEADER_OFFSET, BigInt(XFEATURE_MASK_FPSSE | (pkruInUse ? XFEATURE_MASK_PKRU : 0)), true);
  v.setUint32(layout.pkruOffset, pkru >>> 0, true);
  v.setUint32(layout.size, FP_XSTATE_MAGIC2, true);
  return img;
}

function putSiginfo(v: DataView, at: number, info: SigInfo): void {
  v.setInt32(at, info.signo, true);
  v.setInt32(at + SI_CODE, info.code, true);
  if (info.code > 0 && info.code !== SI_KERNEL) {
    v.setBigUint64(at + SI_ADDR, BigInt(info.addr), true);
    v.setUint32(at + SI_PKEY, info.pkey, true);
  } else {
    v.setInt32(at + SI_ADDR, info.pid, true);
  }
}

/**
 * rt_sigreturn (signal_64.c).  6.12+: sigmask, then the altstack settings (read under the
 * handler's PKRU), then registers and FPU state (PKRU from the frame's XSAVE slot).
 * Before 6.12 the registers and PKRU came back first, and the altstack was read under them.
 */
export function rtSigreturn(k: Kernel, task: Task): void {
  const frame = task.regs.getNum(Gpr.RSP) - 8;
  if (!restoreFrame(k, task, frame)) signalFault(k, task);
}

/** The body of rt_sigreturn up to `badframe`: false when the frame could not be used. */
function restoreFrame(k: Kernel, task: Task, frame: number): boolean {
  const head = copyFromUser(k, task, frame + UC_SIGMASK, 8);
  if (head === null) return false;
  task.blocked = new DataView(head.buffer).getBigUint64(0, true) & ~(sigbit(SIGKILL) | sigbit(SIGSTOP));
  if (k.config.signalDelivery === 'linux-6.12') return restoreAltstack(k, task, frame) && restoreSigcontext(k, task, frame);
  return restoreSigcontext(k, task, frame) && restoreAltstack(k, task, frame);
}

/**
 * signal.c signal_fault, rt_sigreturn's `badframe`: the call returns 0 and force_sig(SIGSEGV)
 * is delivered on the way back to user mode, so a SIGSEGV handler may catch it (a blocked or
 * ignored SIGSEGV kills).  Whatever the frame had restored by then stays.
 */
function signalFault(k: Kernel, task: Task): void {
  task.regs.setNum(Gpr.RAX, 0);
  deliverSignal(k, task, KERNEL_SIGSEGV, true);
}

function restoreAltstack(k: Kernel, task: Task, frame: number): boolean {
  const b = copyFromUser(k, task, frame + UC_STACK, 24);
  if (b === null) return false;
  const v = new DataView(b.buffer);
  // restore_altstack: do_sigaltstack with the frame's stack_t, its errors squashed.
  doSigaltstack(task, { sp: Number(v.getBigUint64(0, true)), flags: v.getInt32(8, true),
    size: Number(v.getBigUint64(16, true)) }, task.regs.getNum(Gpr.RSP));
  return true;
}

/** restore_sigcontext + fpu__restore_sig: registers, then XRSTOR of the frame's XSAVE area. */
function restoreSigcontext(k: Kernel, task: Task, frame: number): boolean {
  const mc = copyFromUser(k, task, frame + UC_MCONTEXT, MCONTEXT_SIZE);
  if (mc === null) return false;
  const mv = new DataView(mc.buffer);
  const fpstate = Number(mv.getBigUint64(MC_FPSTATE - UC_MCONTEXT, true) & 0xffffffffffffn);
  getMcontext(mv, task.regs);
  // fpu/signal.c fpu__restore_sig: `!buf` -> fpu__clear_user_states, and a failed restore too.
  if (fpstate === 0) {
    fpuClearUserStates(k, task);
    return true;
  }
  const layout = k.config.xsave;
  const area = copyFromUser(k, task, fpstate, layout.size + 4);
  if (area === null) {
    fpuClearUserStates(k, task);
    return false;
  }
  const av = new DataView(area.buffer);
  const mem: XsaveMemory = { read32: (o) => av.getUint32(o, true), write32: () => undefined };
  const xstateSize = av.getUint32(FPX_SW_OFFSET + 16, true);
  const magicOk = av.getUint32(FPX_SW_OFFSET, true) === FP_XSTATE_MAGIC1 && xstateSize + 4 <= area.length &&
    av.getUint32(xstateSize, true) === FP_XSTATE_MAGIC2;
  // Without valid software bytes only the legacy state is restored (fx_only); the other user
  // features, PKRU among them, are loaded from init_fpstate, whose PKRU is the hardware init 0.
  const xfeatures = magicOk ? Number(av.getBigUint64(FPX_SW_OFFSET + 8, true) & 0xffffffffn) : XFEATURE_MASK_FPSSE;
  const rfbm = (xfeatures & (XFEATURE_MASK_FPSSE | XFEATURE_MASK_PKRU)) | XFEATURE_MASK_FPSSE;
  const r = xrstorPkru(mem, layout, rfbm) ?? { pkru: 0, xinuse: false };
  const cpu = k.ensureOnCpu(task);
  cpu.pkru = r.pkru;
  cpu.xinusePkru = r.xinuse;
  return true;
}

/**
 * fpu/core.c fpu__clear_user_states: the user FPU state goes to init_fpstate and then
 * pkru_write_default() loads init_pkru_value (not XRSTOR's hardware init value 0).
 */
function fpuClearUserStates(k: Kernel, task: Task): void {
  k.setTaskPkru(task, k.config.initPkru);
}
