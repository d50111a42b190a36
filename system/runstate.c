/*
 * Run state and the main loop of the system emulator.
 */
#include "qemu/osdep.h"
#include <signal.h>
#include "sysemu/runstate.h"
#include "sysemu/sysemu.h"
#include "qapi/qapi-commands-run-state.h"
#include "qapi/qapi-events-run-state.h"
#include "qemu/error-report.h"
#include "qemu/main-loop.h"

static RunState current_run_state = RUN_STATE_PRELAUNCH;
static volatile sig_atomic_t shutdown_requested;  /* a ShutdownCause */
static volatile sig_atomic_t reset_requested;
static volatile sig_atomic_t powerdown_requested;
static volatile sig_atomic_t shutdown_signal;
static volatile sig_atomic_t shutdown_pid;

RunState runstate_get(void)
{
    return current_run_state;
}

bool runstate_check(RunState state)
{
    return current_run_state == state;
}

void runstate_set(RunState state)
{
    current_run_state = state;
}

bool runstate_is_running(void)
{
    return runstate_check(RUN_STATE_RUNNING);
}

bool runstate_needs_reset(void)
{
    return runstate_check(RUN_STATE_INTERNAL_ERROR) ||
           runstate_check(RUN_STATE_SHUTDOWN) ||
           runstate_check(RUN_STATE_GUEST_PANICKED);
}

int vm_stop(RunState state)
{
    if (runstate_is_running()) {
        runstate_set(state);
        qapi_event_send_stop();
    } else {
        runstate_set(state);
    }
    return 0;
}

void vm_start(void)
{
    if (runstate_is_running()) {
        return;
    }
    runstate_set(RUN_STATE_RUNNING);
    qapi_event_send_resume();
}

void qemu_system_shutdown_request(ShutdownCause reason)
{
    shutdown_requested = reason;
    qemu_notify_event();
}

void qemu_system_reset_request(ShutdownCause reason)
{
    reset_requested = reason;
    qemu_notify_event();
}

void qemu_system_powerdown_request(void)
{
    powerdown_requested = 1;
    qemu_notify_event();
}

void qemu_system_killed(int signal, pid_t pid)
{
    shutdown_signal = signal;
    shutdown_pid = pid;
    shutdown_requested = SHUTDOWN_CAUSE_HOST_SIGNAL;
    /* The main loop may be asleep: qemu_notify_event() writes to an
     * eventfd, which is async-signal-safe. */
    qemu_notify_event();
}

void qemu_system_reset(ShutdownCause reason)
{
    /* No devices to reset yet: the machine "none" has none. */
    if (reason != SHUTDOWN_CAUSE_SUBSYSTEM_RESET) {
        qapi_event_send_reset(reason >= SHUTDOWN_CAUSE_GUEST_SHUTDOWN,
                              reason);
    }
}

static char *pid_comm(pid_t pid)
{
    g_autofree char *path = g_strdup_printf("/proc/%d/cmdline", (int)pid);
    char *contents = NULL;

    if (!g_file_get_contents(path, &contents, NULL, NULL)) {
        return NULL;
    }
    return contents;    /* the first NUL ends argv[0] */
}

static bool main_loop_should_exit(void)
{
    if (powerdown_requested) {
        powerdown_requested = 0;
        qapi_event_send_powerdown();
    }
    if (reset_requested) {
        ShutdownCause reason = reset_requested;
        reset_requested = 0;
        qemu_system_reset(reason);
    }
    if (shutdown_requested) {
        ShutdownCause reason = shutdown_requested;
        if (shutdown_signal) {
            g_autofree char *comm = pid_comm(shutdown_pid);
            if (shutdown_pid && comm) {
                error_report("terminating on signal %d from pid %d (%s)",
                             (int)shutdown_signal, (int)shutdown_pid, comm);
            } else {
                error_report("terminating on signal %d",
                             (int)shutdown_signal);
            }
        }
        qapi_event_send_shutdown(reason >= SHUTDOWN_CAUSE_GUEST_SHUTDOWN,
                                 reason);
        return true;
    }
    return false;
}

int qemu_main_loop(void)
{
    while (!main_loop_should_exit()) {
        main_loop_wait(false);
    }
    return 0;
}

/* --- QMP ---------------------------------------------------------------- */

StatusInfo *qmp_query_status(Error **errp)
{
    StatusInfo *info = g_new0(StatusInfo, 1);

    info->running = runstate_is_running();
    info->singlestep = false;
    info->status = runstate_get();
    return info;
}

void qmp_stop(Error **errp)
{
    vm_stop(RUN_STATE_PAUSED);
}

void qmp_cont(Error **errp)
{
    if (runstate_needs_reset()) {
        error_setg(errp, "Resetting the Virtual Machine is required");
        return;
    }
    vm_start();
}

void qmp_system_reset(Error **errp)
{
    qemu_system_reset_request(SHUTDOWN_CAUSE_HOST_QMP_SYSTEM_RESET);
}

void qmp_system_powerdown(Error **errp)
{
    qemu_system_powerdown_request();
}
