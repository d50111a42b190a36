/*
 * The run state of the machine (RunState in qapi/run-state.json) and the
 * requests that change it: stop/cont, reset, power-down, shutdown. The
 * requests may come from anywhere (a monitor, a signal, the mux's C-a x);
 * they are handled by the main loop (qemu_main_loop()), which emits the
 * QMP events.
 */
#ifndef SYSEMU_RUNSTATE_H
#define SYSEMU_RUNSTATE_H

#include "qapi/qapi-types-run-state.h"

RunState runstate_get(void);
bool runstate_check(RunState state);
void runstate_set(RunState state);
bool runstate_is_running(void);
/* A state from which only a reset leads on (internal-error, shutdown...). */
bool runstate_needs_reset(void);

/* Stop the machine (event STOP if it was running). */
int vm_stop(RunState state);
/* Run the machine (event RESUME if it was not running). */
void vm_start(void);

/* Requests, served by the main loop. */
void qemu_system_shutdown_request(ShutdownCause reason);
void qemu_system_reset_request(ShutdownCause reason);
void qemu_system_powerdown_request(void);
/* A terminating signal arrived (async-signal-safe). */
void qemu_system_killed(int signal, pid_t pid);

/* Run the main loop until a shutdown request; returns the exit status. */
int qemu_main_loop(void);

/* Reset the machine now (event RESET). */
void qemu_system_reset(ShutdownCause reason);

#endif
