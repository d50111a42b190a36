/*
 * safe_syscall_base: a host syscall that a guest signal cannot slip past.
 *
 *   long safe_syscall_base(const int *pending, long nr, long a1, ..., a6)
 *
 * The race it closes: the syscall layer decides "no guest signal pending,
 * go ahead", and a host signal arrives after that decision but before the
 * kernel starts a blocking syscall.  Its guest handler would then wait
 * until the syscall ends (maybe forever: a read() that the SIGALRM
 * handler was meant to interrupt).
 *
 * Here the decision is the last instruction before the syscall: between
 * the label safe_syscall_start and the syscall instruction, the host
 * signal handler (linux-user/signal.c) moves the interrupted pc to
 * safe_syscall_interrupted, which returns -QEMU_ERESTARTSYS without
 * entering the kernel.  The caller then delivers the guest signal and
 * re-executes the guest's syscall instruction, exactly as if the signal
 * had come before it.
 *
 * A signal that arrives while the kernel runs the syscall is the host
 * kernel's business: the host handler is installed with SA_RESTART when
 * the guest's is, so the kernel either makes the syscall fail with EINTR
 * (the pc is then past the syscall instruction: the guest sees EINTR,
 * which is what it would natively) or restarts it by moving the pc back
 * onto the syscall instruction - inside the window, so we return
 * -QEMU_ERESTARTSYS and the guest's SA_RESTART restart happens after its
 * handler ran.  The host kernel thereby decides per syscall, with its own
 * rules (nanosleep, poll, ... never restart), when EINTR is due.
 *
 * Returns the raw kernel result (-errno on failure).
 */
        .text
        .globl  safe_syscall_base
        .globl  safe_syscall_start
        .globl  safe_syscall_end
        .type   safe_syscall_base, @function
safe_syscall_base:
        .cfi_startproc
        push    %rbx                    /* keeps the flag pointer */
        .cfi_adjust_cfa_offset 8
        .cfi_rel_offset rbx, 0
        mov     %rdi, %rbx
        mov     %rsi, %rax              /* syscall number */
        mov     %rdx, %rdi              /* C args -> syscall args */
        mov     %rcx, %rsi
        mov     %r8, %rdx
        mov     %r9, %r10
        mov     16(%rsp), %r8           /* a5, a6 were passed on the stack */
        mov     24(%rsp), %r9
safe_syscall_start:
        cmpl    $0, (%rbx)
        jnz     safe_syscall_interrupted
        syscall
safe_syscall_end:
        pop     %rbx
        .cfi_remember_state
        .cfi_adjust_cfa_offset -8
        .cfi_restore rbx
        ret
        .cfi_restore_state
        .globl  safe_syscall_interrupted
safe_syscall_interrupted:
        mov     $-512, %rax             /* -QEMU_ERESTARTSYS */
        pop     %rbx
        .cfi_adjust_cfa_offset -8
        .cfi_restore rbx
        ret
        .cfi_endproc
        .size   safe_syscall_base, .-safe_syscall_base

/*
 * The restorer of the host handlers, which are installed with the raw
 * rt_sigaction syscall (glibc refuses its two internal signals, 32 and
 * 33, that the guest's own glibc uses).
 */
        .globl  host_signal_restorer
        .type   host_signal_restorer, @function
host_signal_restorer:
        mov     $15, %eax               /* __NR_rt_sigreturn */
        syscall
        .size   host_signal_restorer, .-host_signal_restorer

        .section .note.GNU-stack, "", @progbits
