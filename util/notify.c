/*
 * Notifier lists: intrusive doubly linked lists, newest first.
 */
#include "qemu/osdep.h"
#include "qemu/notify.h"

void notifier_list_init(NotifierList *list)
{
    list->head = NULL;
}

void notifier_list_add(NotifierList *list, Notifier *notifier)
{
    notifier->next = list->head;
    if (list->head) {
        list->head->pprev = &notifier->next;
    }
    list->head = notifier;
    notifier->pprev = &list->head;
}

void notifier_remove(Notifier *notifier)
{
    if (!notifier->pprev) {
        return;
    }
    *notifier->pprev = notifier->next;
    if (notifier->next) {
        notifier->next->pprev = notifier->pprev;
    }
    notifier->next = NULL;
    notifier->pprev = NULL;
}

void notifier_list_notify(NotifierList *list, void *data)
{
    Notifier *notifier, *next;

    /* Read next first: the callback may remove (and free) its notifier. */
    for (notifier = list->head; notifier; notifier = next) {
        next = notifier->next;
        notifier->notify(notifier, data);
    }
}

bool notifier_list_empty(NotifierList *list)
{
    return list->head == NULL;
}

void notifier_with_return_list_init(NotifierWithReturnList *list)
{
    list->head = NULL;
}

void notifier_with_return_list_add(NotifierWithReturnList *list,
                                   NotifierWithReturn *notifier)
{
    notifier->next = list->head;
    if (list->head) {
        list->head->pprev = &notifier->next;
    }
    list->head = notifier;
    notifier->pprev = &list->head;
}

void notifier_with_return_remove(NotifierWithReturn *notifier)
{
    if (!notifier->pprev) {
        return;
    }
    *notifier->pprev = notifier->next;
    if (notifier->next) {
        notifier->next->pprev = notifier->pprev;
    }
    notifier->next = NULL;
    notifier->pprev = NULL;
}

int notifier_with_return_list_notify(NotifierWithReturnList *list,
                                     void *data)
{
    NotifierWithReturn *notifier, *next;
    int ret;

    for (notifier = list->head; notifier; notifier = next) {
        next = notifier->next;
        ret = notifier->notify(notifier, data);
        if (ret != 0) {
            return ret;
        }
    }
    return 0;
}
