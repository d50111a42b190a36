/*
 * Notifier lists (QEMU 7.2 API): "call everyone who registered" hooks,
 * e.g. machine-init-done or exit notifiers.
 *
 * Embed a Notifier in your state, set .notify, add it to a list; remove it
 * before freeing it. As in QEMU, the most recently added notifier is
 * called first. A notifier may remove itself from inside its callback.
 * Lists are not thread-safe: use them under the iothread lock.
 */
#ifndef QEMU_NOTIFY_H
#define QEMU_NOTIFY_H

#include <stdbool.h>

typedef struct Notifier Notifier;

struct Notifier {
    void (*notify)(Notifier *notifier, void *data);
    Notifier *next;
    Notifier **pprev;       /* NULL while in no list */
};

typedef struct NotifierList {
    Notifier *head;
} NotifierList;

#define NOTIFIER_LIST_INITIALIZER(list) { .head = NULL }

void notifier_list_init(NotifierList *list);
void notifier_list_add(NotifierList *list, Notifier *notifier);
/* Remove @notifier from its list (no-op if in none). */
void notifier_remove(Notifier *notifier);
void notifier_list_notify(NotifierList *list, void *data);
bool notifier_list_empty(NotifierList *list);

/* Notifiers that can veto: the first non-zero return stops the walk. */
typedef struct NotifierWithReturn NotifierWithReturn;

struct NotifierWithReturn {
    int (*notify)(NotifierWithReturn *notifier, void *data);
    NotifierWithReturn *next;
    NotifierWithReturn **pprev;
};

typedef struct NotifierWithReturnList {
    NotifierWithReturn *head;
} NotifierWithReturnList;

#define NOTIFIER_WITH_RETURN_LIST_INITIALIZER(list) { .head = NULL }

void notifier_with_return_list_init(NotifierWithReturnList *list);
void notifier_with_return_list_add(NotifierWithReturnList *list,
                                   NotifierWithReturn *notifier);
void notifier_with_return_remove(NotifierWithReturn *notifier);
/* Returns 0, or the first non-zero value a notifier returned. */
int notifier_with_return_list_notify(NotifierWithReturnList *list,
                                     void *data);

#endif
