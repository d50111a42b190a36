/*
 * The "secret_keyring" object: a Linux kernel keyring key by serial
 * (see crypto/secret_keyring.h).
 */
#include "qemu/osdep.h"
#include <sys/syscall.h>
#include <linux/keyctl.h>
#include "qapi/visitor.h"
#include "crypto/secret_keyring.h"
#include "crypto/wipe.h"

static long keyctl_read(int32_t serial, uint8_t *buf, size_t len)
{
    return syscall(SYS_keyctl, KEYCTL_READ, (long)serial, buf, (long)len, 0L);
}

static bool keyring_load_data(QCryptoSecretCommon *sc, uint8_t **output,
                              size_t *outputlen, Error **errp)
{
    QCryptoSecretKeyring *secret = QCRYPTO_SECRET_KEYRING(sc);
    uint8_t *buf = NULL;
    size_t cap = 0;
    long len;

    /* the key may grow between the size query and the read: retry */
    for (;;) {
        len = keyctl_read(secret->serial, buf, cap);
        if (len < 0) {
            error_setg_errno(errp, errno, "Unable to read serial key %08x",
                             (uint32_t)secret->serial);
            qcrypto_wipe_free(buf, cap);
            return false;
        }
        if ((size_t)len <= cap && buf) {
            break;
        }
        qcrypto_wipe_free(buf, cap);
        cap = len + 1;
        buf = g_malloc0(cap);
    }
    *output = g_malloc0(len + 1);
    memcpy(*output, buf, len);
    *outputlen = len;
    qcrypto_wipe_free(buf, cap);
    return true;
}

static void keyring_get_serial(Object *obj, Visitor *v, const char *name,
                               void *opaque, Error **errp)
{
    int32_t value = QCRYPTO_SECRET_KEYRING(obj)->serial;

    visit_type_int32(v, name, &value, errp);
}

static void keyring_set_serial(Object *obj, Visitor *v, const char *name,
                               void *opaque, Error **errp)
{
    QCryptoSecretKeyring *secret = QCRYPTO_SECRET_KEYRING(obj);
    int32_t value;

    if (QCRYPTO_SECRET_COMMON(obj)->rawdata) {
        error_setg(errp, "Property 'serial' cannot be changed after the "
                   "secret is loaded");
        return;
    }
    if (visit_type_int32(v, name, &value, errp)) {
        secret->serial = value;
    }
}

static void keyring_class_init(ObjectClass *oc, void *data)
{
    QCryptoSecretCommonClass *sc = QCRYPTO_SECRET_COMMON_CLASS(oc);

    sc->load_data = keyring_load_data;
    object_class_property_add(oc, "serial", "int32", keyring_get_serial,
                              keyring_set_serial, NULL, NULL);
}

const TypeInfo qcrypto_secret_keyring_info = {
    .name = TYPE_QCRYPTO_SECRET_KEYRING,
    .parent = TYPE_QCRYPTO_SECRET_COMMON,
    .instance_size = sizeof(QCryptoSecretKeyring),
    .class_init = keyring_class_init,
};
