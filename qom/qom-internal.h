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

/* Programming error: print "qom: <message>" and abort. */
void G_GNUC_PRINTF(1, 2) QEMU_NORETURN qom_abort(const char *fmt, ...);

#endif
