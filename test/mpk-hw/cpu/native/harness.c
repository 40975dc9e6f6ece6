/*
 * Native side of the CPU differential test (test/mpk-hw/cpu/native/differential.test.ts).
 *
 * stdin:  u64 code_size, code bytes           (mapped once at CODE_ADDR, read+exec)
 *         then per case, until EOF:
 *           u64 entry (offset in the code), u64 gpr[16] (RSP included), u64 rflags,
 *           u64 xmm_low[16], u8 data[4096]
 * stdout: per case: u64 status (0, or the signal that stopped the code), u64 gpr[16],
 *           u64 rflags, u64 xmm_low[16], u8 data[4096]
 *
 * The case's code runs natively with every GPR (RSP = a private stack), the six status flags
 * and XMM0-15 (low quadwords, upper halves 0) loaded from the case.  It ends with
 * `jmp QWORD PTR ds:EXIT_SLOT`, which holds the address of guest_exit; guest_exit stores the
 * registers and returns to C with the callee-saved registers restored.  Addresses are fixed
 * so the simulator can use the same ones (pushed return addresses and LEA results agree).
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define DATA_ADDR 0x10000000UL
#define DATA_SIZE 4096
#define STACK_ADDR 0x10100000UL
#define STACK_SIZE 0x10000UL
#define EXIT_SLOT 0x10200000UL
#define CODE_ADDR 0x20000000UL

struct state {
  uint64_t gpr[16];
  uint64_t rflags;
  uint64_t xmm[16];
};

struct state g_in, g_out;
uint64_t g_host_rsp, g_entry;
static sigjmp_buf g_jmp;

void run_guest(void);
void guest_exit(void);

/* Offsets: gpr 0..127, rflags 128, xmm 136..263. */
__asm__(
    ".text\n"
    ".globl run_guest\n"
    "run_guest:\n"
    "  push %rbx\n  push %rbp\n  push %r12\n  push %r13\n  push %r14\n  push %r15\n"
    "  mov %rsp, g_host_rsp(%rip)\n"
    "  movq g_in+136(%rip), %xmm0\n  movq g_in+144(%rip), %xmm1\n  movq g_in+152(%rip), %xmm2\n"
    "  movq g_in+160(%rip), %xmm3\n  movq g_in+168(%rip), %xmm4\n  movq g_in+176(%rip), %xmm5\n"
    "  movq g_in+184(%rip), %xmm6\n  movq g_in+192(%rip), %xmm7\n  movq g_in+200(%rip), %xmm8\n"
    "  movq g_in+208(%rip), %xmm9\n  movq g_in+216(%rip), %xmm10\n  movq g_in+224(%rip), %xmm11\n"
    "  movq g_in+232(%rip), %xmm12\n  movq g_in+240(%rip), %xmm13\n  movq g_in+248(%rip), %xmm14\n"
    "  movq g_in+256(%rip), %xmm15\n"
    "  pushq g_in+128(%rip)\n  popfq\n"
    "  mov g_in+0(%rip), %rax\n  mov g_in+8(%rip), %rcx\n  mov g_in+16(%rip), %rdx\n"
    "  mov g_in+24(%rip), %rbx\n  mov g_in+40(%rip), %rbp\n  mov g_in+48(%rip), %rsi\n"
    "  mov g_in+56(%rip), %rdi\n  mov g_in+64(%rip), %r8\n  mov g_in+72(%rip), %r9\n"
    "  mov g_in+80(%rip), %r10\n  mov g_in+88(%rip), %r11\n  mov g_in+96(%rip), %r12\n"
    "  mov g_in+104(%rip), %r13\n  mov g_in+112(%rip), %r14\n  mov g_in+120(%rip), %r15\n"
    "  mov g_in+32(%rip), %rsp\n"
    "  jmp *g_entry(%rip)\n"
    ".globl guest_exit\n"
    "guest_exit:\n"
    "  mov %rax, g_out+0(%rip)\n  mov %rcx, g_out+8(%rip)\n  mov %rdx, g_out+16(%rip)\n"
    "  mov %rbx, g_out+24(%rip)\n  mov %rsp, g_out+32(%rip)\n  mov %rbp, g_out+40(%rip)\n"
    "  mov %rsi, g_out+48(%rip)\n  mov %rdi, g_out+56(%rip)\n  mov %r8, g_out+64(%rip)\n"
    "  mov %r9, g_out+72(%rip)\n  mov %r10, g_out+80(%rip)\n  mov %r11, g_out+88(%rip)\n"
    "  mov %r12, g_out+96(%rip)\n  mov %r13, g_out+104(%rip)\n  mov %r14, g_out+112(%rip)\n"
    "  mov %r15, g_out+120(%rip)\n"
    "  mov g_host_rsp(%rip), %rsp\n"
    "  pushfq\n  popq g_out+128(%rip)\n"
    "  movq %xmm0, g_out+136(%rip)\n  movq %xmm1, g_out+144(%rip)\n  movq %xmm2, g_out+152(%rip)\n"
    "  movq %xmm3, g_out+160(%rip)\n  movq %xmm4, g_out+168(%rip)\n  movq %xmm5, g_out+176(%rip)\n"
    "  movq %xmm6, g_out+184(%rip)\n  movq %xmm7, g_out+192(%rip)\n  movq %xmm8, g_out+200(%rip)\n"
    "  movq %xmm9, g_out+208(%rip)\n  movq %xmm10, g_out+216(%rip)\n  movq %xmm11, g_out+224(%rip)\n"
    "  movq %xmm12, g_out+232(%rip)\n  movq %xmm13, g_out+240(%rip)\n  movq %xmm14, g_out+248(%rip)\n"
    "  movq %xmm15, g_out+256(%rip)\n"
    "  cld\n"
    "  pop %r15\n  pop %r14\n  pop %r13\n  pop %r12\n  pop %rbp\n  pop %rbx\n"
    "  ret\n");

static void on_signal(int sig) { siglongjmp(g_jmp, sig); }

static void *map_fixed(uint64_t addr, size_t len, int prot) {
  void *p = mmap((void *)addr, len, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  if (p != (void *)addr) {
    fprintf(stderr, "harness: cannot map %#lx\n", (unsigned long)addr);
    exit(2);
  }
  return p;
}

static int read_all(void *buf, size_t n) { return fread(buf, 1, n, stdin) == n; }

int main(void) {
  uint64_t code_size;
  if (!read_all(&code_size, 8)) return 2;
  size_t code_len = (code_size + 4095) & ~4095UL;
  uint8_t *code = map_fixed(CODE_ADDR, code_len ? code_len : 4096, PROT_READ | PROT_WRITE);
  if (!read_all(code, code_size)) return 2;
  mprotect(code, code_len, PROT_READ | PROT_EXEC);
  uint8_t *data = map_fixed(DATA_ADDR, DATA_SIZE, PROT_READ | PROT_WRITE);
  map_fixed(STACK_ADDR, STACK_SIZE, PROT_READ | PROT_WRITE);
  uint64_t *slot = map_fixed(EXIT_SLOT, 4096, PROT_READ | PROT_WRITE);
  *slot = (uint64_t)(uintptr_t)&guest_exit;

  static uint8_t altstack[65536];
  stack_t ss = {.ss_sp = altstack, .ss_size = sizeof altstack, .ss_flags = 0};
  sigaltstack(&ss, NULL);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sa.sa_flags = SA_ONSTACK | SA_NODEFER;
  int sigs[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP};
  for (unsigned k = 0; k < sizeof sigs / sizeof sigs[0]; k++) sigaction(sigs[k], &sa, NULL);

  uint64_t entry;
  while (read_all(&entry, 8)) {
    if (!read_all(&g_in, sizeof g_in) || !read_all(data, DATA_SIZE)) return 2;
    g_entry = CODE_ADDR + entry;
    memset(&g_out, 0, sizeof g_out);
    uint64_t status = (uint64_t)sigsetjmp(g_jmp, 1);
    if (status == 0) run_guest();
    fwrite(&status, 8, 1, stdout);
    fwrite(&g_out, sizeof g_out, 1, stdout);
    fwrite(data, 1, DATA_SIZE, stdout);
  }
  fflush(stdout);
  return 0;
}
