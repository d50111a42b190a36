/*
 * QAPI enum lookup tables.
 */
#include "qemu/osdep.h"
#include "qapi/util.h"

const char *qapi_enum_lookup(const QEnumLookup *lookup, int val)
{
    if (val < 0 || val >= lookup->size) {
        /* A programming error; keep going with something printable. */
        return "<invalid>";
    }
    return lookup->array[val];
}

int qapi_enum_parse(const QEnumLookup *lookup, const char *buf,
                    int def, Error **errp)
{
    if (!buf) {
        return def;
    }
    for (int i = 0; i < lookup->size; i++) {
        if (!strcmp(buf, lookup->array[i])) {
            return i;
        }
    }
    error_setg(errp, "invalid parameter value: %s", buf);
    return def;
}
