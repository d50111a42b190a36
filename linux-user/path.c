/*
 * The -L prefix: a guest sysroot.  Absolute paths the guest names (its
 * interpreter, the files it opens, stats or executes) resolve inside the
 * prefix when the file exists there and to the host's own file otherwise,
 * so a partial sysroot (only the libraries) works, like QEMU's path().
 */
#include "qemu/osdep.h"
#include <sys/stat.h>
#include "qemu.h"

static char *prefix;       /* absolute; NULL: no prefix in effect */

void init_paths(const char *dir)
{
    struct stat st;

    free(prefix);
    prefix = NULL;
    if (!dir || !*dir || stat(dir, &st) != 0 ||
        !S_ISDIR(st.st_mode)) {
        return;
    }
    /* absolute and without a trailing slash, as programs cd around */
    prefix = realpath(dir, NULL);
    if (prefix && !strcmp(prefix, "/")) {
        free(prefix);
        prefix = NULL;
    }
}

const char *path_prefix(void)
{
    return prefix;
}

const char *path(const char *name)
{
    static __thread char buf[PATH_MAX];
    struct stat st;

    if (!prefix || !name || name[0] != '/') {
        return name;
    }
    if (snprintf(buf, sizeof(buf), "%s%s", prefix, name) >= (int)sizeof(buf)) {
        return name;
    }
    /* lstat: a dangling symlink in the sysroot still names its file */
    return lstat(buf, &st) == 0 ? buf : name;
}
