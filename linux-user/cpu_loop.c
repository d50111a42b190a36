/*
 * The guest's main loop, one per guest thread: run guest code with
 * cpu_exec() and handle what makes it return (a syscall, an exit request,
 * a guest exception).  Never returns: the thread or the process ends
 * through exit/exit_group or a fatal signal.
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu.h"
#include "exec/cpus-exclusive.h"

void cpu_loop(CPUX86State *env)
{
    CPUState *cs = env_cpu(env);

    for (;;) {
        int trapnr = cpu_exec(cs);

        switch (trapnr) {
        case EXCP_SYSCALL: {
            uint64_t a[6] = { env->regs[R_EDI], env->regs[R_ESI],
                              env->regs[R_EDX], env->regs[10],
                              env->regs[8], env->regs[9] };
            int num = (int)env->regs[R_EAX];
            int64_t ret;

            env->eip = env->exception_next_eip;
            env->regs[R_ECX] = env->eip;
            env->regs[11] = cpu_compute_eflags(env);
            if (unlikely(user_opts.strace)) {
                print_syscall(num, a);
            }
            ret = do_syscall(env, num, a[0], a[1], a[2], a[3], a[4], a[5]);
            if (unlikely(user_opts.strace)) {
                print_syscall_ret(num, ret);
            }
            if (ret == -QEMU_ERESTARTSYS) {
                /* a signal came first: redo the syscall after its handler */
                env->eip -= 2;
            } else if (ret != -QEMU_ESIGRETURN) {
                env->regs[R_EAX] = ret;
            }
            break;
        }
        case EXCP_INTERRUPT:
            break;
        default:
            if (qemu_loglevel_mask(CPU_LOG_INT)) {
                qemu_log("exception %d at rip=0x%" PRIx64 " addr=0x%" PRIx64
                         "\n", trapnr, env->eip, env->cr2);
            }
            handle_guest_exception(env, trapnr);
            break;
        }
        process_pending_signals(env);
        /* a safe point: no lock held, out of generated code */
        cpu_exclusive_checkpoint();
    }
}
