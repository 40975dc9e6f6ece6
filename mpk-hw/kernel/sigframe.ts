/**
 * The x86-64 rt_sigframe as Linux builds it (arch/x86/include/asm/sigframe.h,
 * uapi/asm/sigcontext.h, uapi/asm-generic/siginfo.h, arch/x86/kernel/fpu/signal.c).
 *
 *  frame+0    pretcode (return address: sa_restorer)
 *  frame+8    struct ucontext
 *               +0  uc_flags   +8 uc_link   +16 uc_stack {ss_sp, ss_flags, ss_size}
 *               +40 uc_mcontext (struct sigcontext, 256 bytes: r8..r15, rdi, rsi, rbp, rbx,
 *                   rdx, rax, rcx, rsp, rip, eflags, cs/gs/fs/ss, err, trapno, oldmask, cr2,
 *                   fpstate pointer, reserved)
 *               +296 uc_sigmask (8 bytes)
 *  frame+312  siginfo (128 bytes): si_signo +0, si_errno +4, si_code +8, si_addr / si_pid +16,
 *             si_pkey +32 (0x20, pkey-x86.h si_pkey_offset)
 *  fpstate    the XSAVE area, 64-byte aligned, above the frame; software bytes at +464:
 *             magic1 FP_XSTATE_MAGIC1, extended_size, xfeatures, xstate_size; FP_XSTATE_MAGIC2
 *             after the area.
 */
import { Gpr, type RegisterFile } from '../cpu/regs.js';

export const FRAME_SIZE = 440;
export const UC_OFFSET = 8;
export const UC_FLAGS = UC_OFFSET + 0;
export const UC_STACK = UC_OFFSET + 16;
export const UC_MCONTEXT = UC_OFFSET + 40;
export const UC_SIGMASK = UC_OFFSET + 296;
export const MC_FPSTATE = UC_MCONTEXT + 184;
export const MC_RIP = UC_MCONTEXT + 128;
export const MC_EFLAGS = UC_MCONTEXT + 136;
export const MC_ERR = UC_MCONTEXT + 152;
export const MC_TRAPNO = UC_MCONTEXT + 160;
export const MC_CR2 = UC_MCONTEXT + 176;
export const SIGINFO_OFFSET = 312;
export const SI_CODE = 8;
export const SI_ADDR = 16;
export const SI_PKEY = 0x20;
export const FP_XSTATE_MAGIC1 = 0x46505853;
export const FP_XSTATE_MAGIC2 = 0x46505845;
/** Offset of struct _fpx_sw_bytes inside the legacy FXSAVE region. */
export const FPX_SW_OFFSET = 464;
/** UC_FP_XSTATE | UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS. */
export const UC_FLAGS_VALUE = 0x7;

/** sigcontext's GPR order, as register numbers. */
const MC_GPRS = [Gpr.R8, Gpr.R9, Gpr.R10, Gpr.R11, Gpr.R12, Gpr.R13, Gpr.R14, Gpr.R15,
  Gpr.RDI, Gpr.RSI, Gpr.RBP, Gpr.RBX, Gpr.RDX, Gpr.RAX, Gpr.RCX, Gpr.RSP];

/** Writes the registers into a frame image (uc_mcontext). */
export function putMcontext(v: DataView, regs: RegisterFile): void {
  MC_GPRS.forEach((r, i) => v.setBigUint64(UC_MCONTEXT + 8 * i, regs.get64(r), true));
  v.setBigUint64(MC_RIP, BigInt(regs.rip), true);
  v.setBigUint64(MC_EFLAGS, BigInt(regs.rflags >>> 0), true);
  v.setUint16(UC_MCONTEXT + 144, 0x33, true); // cs: __USER_CS
  v.setUint16(UC_MCONTEXT + 150, 0x2b, true); // ss: __USER_DS
}

/** Restores the registers from a uc_mcontext image (restore_sigcontext). */
export function getMcontext(v: DataView, regs: RegisterFile): void {
  MC_GPRS.forEach((r, i) => regs.set64(r, v.getBigUint64(8 * i, true)));
  regs.rip = Number(v.getBigUint64(MC_RIP - UC_MCONTEXT, true) & 0xffffffffffffn);
  // Only the user-changeable flags come back (FIX_EFLAGS: AC OF DF TF SF ZF AF PF CF RF).
  const FIX_EFLAGS = 0x50dd5;
  const saved = Number(v.getBigUint64(MC_EFLAGS - UC_MCONTEXT, true) & 0xffffffffn);
  regs.rflags = ((regs.rflags & ~FIX_EFLAGS) | (saved & FIX_EFLAGS)) >>> 0;
}

/** Size of the sigcontext image getMcontext reads. */
export const MCONTEXT_SIZE = 256;
