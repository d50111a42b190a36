/*
 * The "secret" object: inline data= or file= (see crypto/secret.h).
 */
#include "qemu/osdep.h"
#include <fcntl.h>
#include <sys/stat.h>
#include "qapi/visitor.h"
#include "crypto/secret.h"
#include "crypto/wipe.h"

/* The whole file, raw (no newline stripping), plus a NUL. */
static bool secret_read_file(const char *path, uint8_t **output,
                             size_t *outputlen, Error **errp)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    size_t cap = 4096, len = 0;
    uint8_t *buf;

    /*
     * The texts are real QEMU's, which reads with g_file_get_contents()
     * and so words them as GLib does (curly quotes included). Its buffers
     * are not wiped, hence this loop.
     */
    if (fd < 0) {
        error_setg(errp, "Unable to read %s: Failed to open file \u201c%s\u201d: "
                   "%s", path, path, g_strerror(errno));
        return false;
    }
    buf = g_malloc(cap);
    for (;;) {
        ssize_t n;

        if (len + 1 >= cap) {
            /* grow by copying, so no stale copy of the secret is left */
            uint8_t *bigger = g_malloc(cap * 2);

            memcpy(bigger, buf, len);
            qcrypto_wipe_free(buf, cap);
            buf = bigger;
            cap *= 2;
        }
        n = read(fd, buf + len, cap - len - 1);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            error_setg(errp, "Unable to read %s: Error reading file "
                       "\u201c%s\u201d: %s", path, path, g_strerror(errno));
            qcrypto_wipe_free(buf, cap);
            close(fd);
            return false;
        }
        if (n == 0) {
            break;
        }
        len += n;
    }
    close(fd);
    buf[len] = '\0';
    *output = g_malloc(len + 1);
    memcpy(*output, buf, len + 1);
    qcrypto_wipe_free(buf, cap);
    *outputlen = len;
    return true;
}

static bool secret_load_data(QCryptoSecretCommon *sc, uint8_t **output,
                             size_t *outputlen, Error **errp)
{
    QCryptoSecret *secret = QCRYPTO_SECRET(sc);

    if (secret->data && secret->file) {
        error_setg(errp, "'data' and 'file' are mutually exclusive");
        return false;
    }
    if (secret->file) {
        return secret_read_file(secret->file, output, outputlen, errp);
    }
    if (secret->data) {
        *outputlen = strlen(secret->data);
        *output = (uint8_t *)g_strdup(secret->data);
        return true;
    }
    error_setg(errp, "Either 'file' or 'data' must be provided");
    return false;
}

static void secret_wipe_string(char *s)
{
    if (s) {
        qcrypto_wipe_free(s, strlen(s));
    }
}

/*
 * A visitor-level setter rather than object_class_property_add_str(): the
 * generic string setter frees the visitor's copy of the value without
 * wiping it. Here that copy is either kept as the data or wiped.
 */
static void secret_set_data(Object *obj, Visitor *v, const char *name,
                            void *opaque, Error **errp)
{
    QCryptoSecret *secret = QCRYPTO_SECRET(obj);
    char *value;

    if (!visit_type_str(v, name, &value, errp)) {
        return;
    }
    if (QCRYPTO_SECRET_COMMON(obj)->rawdata) {
        error_setg(errp, "Property 'data' cannot be changed after the secret "
                   "is loaded");
        secret_wipe_string(value);
        return;
    }
    secret_wipe_string(secret->data);
    secret->data = value;
}

static char *secret_get_file(Object *obj, Error **errp)
{
    return g_strdup(QCRYPTO_SECRET(obj)->file);
}

static void secret_set_file(Object *obj, const char *value, Error **errp)
{
    QCryptoSecret *secret = QCRYPTO_SECRET(obj);

    if (QCRYPTO_SECRET_COMMON(obj)->rawdata) {
        error_setg(errp, "Property 'file' cannot be changed after the secret "
                   "is loaded");
        return;
    }
    g_free(secret->file);
    secret->file = g_strdup(value);
}

static void secret_finalize(Object *obj)
{
    QCryptoSecret *secret = QCRYPTO_SECRET(obj);

    secret_wipe_string(secret->data);
    g_free(secret->file);
}

static void secret_class_init(ObjectClass *oc, void *data)
{
    QCryptoSecretCommonClass *sc = QCRYPTO_SECRET_COMMON_CLASS(oc);

    sc->load_data = secret_load_data;
    /* data is write-only: the material must never be readable via QOM */
    object_class_property_add(oc, "data", "str", NULL, secret_set_data,
                              NULL, NULL);
    object_class_property_add_str(oc, "file", secret_get_file,
                                  secret_set_file);
}

const TypeInfo qcrypto_secret_info = {
    .name = TYPE_QCRYPTO_SECRET,
    .parent = TYPE_QCRYPTO_SECRET_COMMON,
    .instance_size = sizeof(QCryptoSecret),
    .instance_finalize = secret_finalize,
    .class_init = secret_class_init,
};
