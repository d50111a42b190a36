/*
 * Internals shared by the files of qom/ (not a public header).
 */
#ifndef QOM_INTERNAL_H
#define QOM_INTERNAL_H

#include "qom/object.h"

/* Frees an ObjectProperty (the value destructor of the property tables). */
void object_property_free(gpointer data);

/* Runs the init hooks (defaults) of all class properties of @obj. */
void object_class_property_init_all(Object *obj);

/* Releases every property of @obj and frees its property table. */
void object_property_del_all(Object *obj);

/*
 * Make @obj the child @id of @parent (no child when @id is NULL), then
 * complete it if it is user-creatable. On failure it is detached again,
 * so nothing is left behind; the caller's own reference is untouched.
 */
bool object_attach_and_complete(Object *parent, const char *id, Object *obj,
                                Error **errp);

/* Programming error: print "qom: <message>" and abort. */
void G_GNUC_PRINTF(1, 2) QEMU_NORETURN qom_abort(const char *fmt, ...);

#endif
