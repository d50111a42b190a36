/*
 * EventNotifier: a wakeup that can be waited for with poll(), one eventfd
 * (or a pipe where eventfd is missing). Setting it any number of times
 * before it is cleared wakes the reader once.
 */
#ifndef QEMU_EVENT_NOTIFIER_H
#define QEMU_EVENT_NOTIFIER_H

#include <stdbool.h>

typedef struct EventNotifier {
    int rfd;
    int wfd;
    bool initialized;
} EventNotifier;

typedef void EventNotifierHandler(EventNotifier *);

/* Returns 0, or -errno if no descriptor could be made. */
int event_notifier_init(EventNotifier *e, int active);
/* Wrap an existing descriptor (eventfd or pipe read end). */
void event_notifier_init_fd(EventNotifier *e, int fd);
void event_notifier_cleanup(EventNotifier *e);
/* Returns 0, or -errno. */
int event_notifier_set(EventNotifier *e);
/* Returns true (1) if the notifier was set, and clears it. */
int event_notifier_test_and_clear(EventNotifier *e);
int event_notifier_get_fd(const EventNotifier *e);
int event_notifier_get_wfd(const EventNotifier *e);

#endif
