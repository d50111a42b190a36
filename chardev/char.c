/*
 * Chardev core: the abstract QOM type, the /chardevs registry, creation
 * from a ChardevBackend, -chardev and legacy option parsing, and the QMP
 * commands chardev-add, chardev-remove, query-chardev(-backends).
 */
#include "qemu/osdep.h"
#include <errno.h>
#include <fcntl.h>
#include "chardev/chardev-internal.h"
#include "qapi/qapi-commands-char.h"
#include "qapi/qapi-visit-char.h"
#include "qapi/util.h"
#include "qemu/cutils.h"
#include "qemu/keyval.h"
#include "qobject/qstring.h"
#include "qom/object_interfaces.h"

static Object *chardev_container(void)
{
    return object_get_container("chardevs");
}

Chardev *qemu_chr_find(const char *label)
{
    ObjectProperty *prop = object_property_find(chardev_container(), label);

    if (!prop || !g_str_has_prefix(prop->type, "child<")) {
        return NULL;
    }
    return CHARDEV(object_resolve_path_component(chardev_container(), label));
}

/* --- for backends ------------------------------------------------------ */

int qemu_chr_be_can_write(Chardev *chr)
{
    CharBackend *be = chr->be;

    if (!be || !be->chr_read || !be->chr_can_read) {
        return 0;
    }
    return be->chr_can_read(be->opaque);
}

void qemu_chr_be_write(Chardev *chr, const uint8_t *buf, int len)
{
    CharBackend *be = chr->be;

    if (be && be->chr_read) {
        be->chr_read(be->opaque, buf, len);
    }
}

void qemu_chr_be_event(Chardev *chr, QEMUChrEvent event)
{
    CharBackend *be = chr->be;

    if (event == CHR_EVENT_OPENED) {
        chr->be_open = true;
    } else if (event == CHR_EVENT_CLOSED) {
        chr->be_open = false;
    }
    if (be && be->chr_event) {
        be->chr_event(be->opaque, event);
    }
}

static void chr_log(Chardev *chr, const uint8_t *buf, int len)
{
    int done = 0;

    /* The log is best effort: it never holds up the real output. */
    while (chr->logfd >= 0 && done < len) {
        ssize_t n = write(chr->logfd, buf + done, len - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break;
        }
        done += n;
    }
}

int qemu_chr_write_all(Chardev *chr, const uint8_t *buf, int len)
{
    ChardevClass *cc = CHARDEV_GET_CLASS(chr);
    int done = 0;

    if (!cc->chr_write) {
        chr_log(chr, buf, len);
        return len;
    }
    while (done < len) {
        int n = cc->chr_write(chr, buf + done, len - done);
        if (n < 0) {
            break;
        }
        if (n == 0) {
            /* Wait for the reader, but not forever: a client that stops
             * reading must not freeze the program. */
            if (!cc->chr_wait_writable ||
                !cc->chr_wait_writable(chr, 5000)) {
                break;
            }
            continue;
        }
        chr_log(chr, buf + done, n);
        done += n;
    }
    return done ? done : (len ? -1 : 0);
}

/* --- options helpers ---------------------------------------------------- */

char *qemu_chr_opt_str(QDict *opts, const char *key)
{
    const char *val = qdict_get_try_str(opts, key);
    char *ret = val ? g_strdup(val) : NULL;

    qdict_del(opts, key);
    return ret;
}

bool qemu_chr_opt_bool(QDict *opts, const char *key, bool *has, bool *val,
                       Error **errp)
{
    g_autofree char *s = qemu_chr_opt_str(opts, key);

    *has = s != NULL;
    if (!s) {
        *val = false;
        return true;
    }
    return qapi_bool_parse(key, s, val, errp);
}

/* Every key -chardev knows (QEMU accepts them for every backend). */
static const char *const chardev_known_keys[] = {
    "backend", "id", "path", "host", "port", "fd", "to", "ipv4", "ipv6",
    "server", "wait", "nodelay", "telnet", "tn3270", "websocket",
    "reconnect", "logfile", "logappend", "mux", "signal", "append",
    "chardev", "size", "name", "debug", "tls-creds", "tls-authz",
    "localaddr", "localport", "numeric", "cols", "rows", "width", "height",
    "abstract", "tight", NULL
};

static bool chardev_check_keys(const QDict *opts, Error **errp)
{
    const QDictEntry *e;

    for (e = qdict_first(opts); e; e = qdict_next(opts, e)) {
        const char *key = qdict_entry_key(e);
        if (!g_strv_contains(chardev_known_keys, key) ||
            qobject_type(e->value) != QTYPE_QSTRING) {
            error_setg(errp, "Invalid parameter '%s'", key);
            return false;
        }
    }
    return true;
}

static ChardevCommon *backend_common(ChardevBackend *backend)
{
    switch (backend->type) {
    case CHARDEV_BACKEND_TYPE_FILE:
        return qapi_ChardevFile_base(backend->u.file.data);
    case CHARDEV_BACKEND_TYPE_PIPE:
        return qapi_ChardevHostdev_base(backend->u.pipe.data);
    case CHARDEV_BACKEND_TYPE_SOCKET:
        return qapi_ChardevSocket_base(backend->u.socket.data);
    case CHARDEV_BACKEND_TYPE_PTY:
        return backend->u.pty.data;
    case CHARDEV_BACKEND_TYPE_NULL:
        return backend->u.null.data;
    case CHARDEV_BACKEND_TYPE_MUX:
        return qapi_ChardevMux_base(backend->u.mux.data);
    case CHARDEV_BACKEND_TYPE_STDIO:
        return qapi_ChardevStdio_base(backend->u.stdio.data);
    default:
        return NULL;
    }
}

static ChardevClass *chardev_class_by_backend(const char *name, Error **errp)
{
    g_autofree char *type = g_strdup_printf("chardev-%s", name);
    ObjectClass *oc = object_class_by_name(type);

    if (!oc || object_class_is_abstract(oc) ||
        !object_class_dynamic_cast(oc, TYPE_CHARDEV) ||
        qapi_enum_parse(&ChardevBackendType_lookup, name, -1, NULL) < 0) {
        error_setg(errp, "'%s' is not a valid char driver name", name);
        return NULL;
    }
    return CHARDEV_CLASS(oc);
}

/* Parse the flat options (already without "id") of one backend. */
static ChardevBackend *chr_backend_from_opts(const char *name, QDict *opts,
                                             Error **errp)
{
    g_autoptr(ChardevBackend) backend = g_new0(ChardevBackend, 1);
    ChardevClass *cc = chardev_class_by_backend(name, errp);
    ChardevCommon *common;
    bool has_logappend, logappend;

    if (!cc) {
        return NULL;
    }
    backend->type = qapi_enum_parse(&ChardevBackendType_lookup, name, -1,
                                    NULL);
    /* Branches the backend may not fill get their empty struct. */
    switch (backend->type) {
    case CHARDEV_BACKEND_TYPE_PTY:
        backend->u.pty.data = g_new0(ChardevCommon, 1);
        break;
    case CHARDEV_BACKEND_TYPE_NULL:
        backend->u.null.data = g_new0(ChardevCommon, 1);
        break;
    case CHARDEV_BACKEND_TYPE_STDIO:
        backend->u.stdio.data = g_new0(ChardevStdio, 1);
        break;
    default:
        break;
    }
    if (cc->parse && !cc->parse(opts, backend, errp)) {
        return NULL;
    }
    common = backend_common(backend);
    if (common) {
        common->logfile = qemu_chr_opt_str(opts, "logfile");
        common->has_logfile = common->logfile != NULL;
        if (!qemu_chr_opt_bool(opts, "logappend", &has_logappend, &logappend,
                               errp)) {
            return NULL;
        }
        common->has_logappend = has_logappend;
        common->logappend = logappend;
    }
    return g_steal_pointer(&backend);
}

ChardevBackend *qemu_chr_parse_opts(const char *optstr, char **id,
                                    Error **errp)
{
    g_autoptr(QDict) opts = keyval_parse(optstr, "backend", NULL, errp);
    g_autofree char *backend_name = NULL;
    ChardevBackend *backend;

    if (!opts || !chardev_check_keys(opts, errp)) {
        return NULL;
    }
    backend_name = qemu_chr_opt_str(opts, "backend");
    *id = qemu_chr_opt_str(opts, "id");
    if (!*id) {
        error_setg(errp, "chardev: no id specified");
        return NULL;
    }
    if (!backend_name) {
        error_setg(errp, "chardev: \"%s\" missing backend", *id);
        g_clear_pointer(id, g_free);
        return NULL;
    }
    /* mux=on is handled by the caller (qemu_chr_new_from_opts). */
    qdict_del(opts, "mux");
    backend = chr_backend_from_opts(backend_name, opts, errp);
    if (!backend) {
        g_clear_pointer(id, g_free);
    }
    return backend;
}

/* --- creation ----------------------------------------------------------- */

static bool chr_open_log(Chardev *chr, ChardevBackend *backend, Error **errp)
{
    ChardevCommon *common = backend_common(backend);
    int flags = O_WRONLY | O_CREAT | O_CLOEXEC;

    chr->logfd = -1;
    if (!common || !common->has_logfile) {
        return true;
    }
    flags |= common->has_logappend && common->logappend ? O_APPEND : O_TRUNC;
    chr->logfd = open(common->logfile, flags, 0666);
    if (chr->logfd < 0) {
        error_setg_errno(errp, errno, "Unable to open logfile %s",
                         common->logfile);
        return false;
    }
    return true;
}

Chardev *qemu_chardev_new(const char *id, ChardevBackend *backend,
                          Error **errp)
{
    const char *name = ChardevBackendType_str(backend->type);
    ChardevClass *cc = chardev_class_by_backend(name, errp);
    g_autoptr(Chardev) chr = NULL;
    bool be_opened = true;

    if (!cc) {
        return NULL;
    }
    if (!id_wellformed(id)) {
        error_setg(errp, "Parameter 'id' expects an identifier");
        error_append_hint(errp, "Identifiers consist of letters, digits, "
                          "'-', '.', '_', starting with a letter.\n");
        return NULL;
    }
    if (qemu_chr_find(id)) {
        error_setg(errp, "Chardev '%s' already exists", id);
        return NULL;
    }
    chr = CHARDEV(object_new(object_class_get_name(OBJECT_CLASS(cc))));
    chr->label = g_strdup(id);
    chr->filename = qemu_chr_describe(backend);
    if (!chr_open_log(chr, backend, errp) ||
        !cc->open(chr, backend, &be_opened, errp)) {
        return NULL;
    }
    object_property_add_child(chardev_container(), id, OBJECT(chr));
    if (be_opened) {
        qemu_chr_be_event(chr, CHR_EVENT_OPENED);
    }
    /* The container holds the reference now; g_autoptr drops ours. */
    return chr;
}

static ChardevBackend *mux_backend(const char *base)
{
    ChardevBackend *backend = g_new0(ChardevBackend, 1);

    backend->type = CHARDEV_BACKEND_TYPE_MUX;
    backend->u.mux.data = g_new0(ChardevMux, 1);
    backend->u.mux.data->chardev = g_strdup(base);
    return backend;
}

/* Create @id from @backend, or with @mux, "@id-base" and a mux @id on it. */
static Chardev *chr_new_maybe_mux(const char *id, ChardevBackend *backend,
                                  bool mux, Error **errp)
{
    g_autofree char *base_id = NULL;
    g_autoptr(ChardevBackend) mb = NULL;
    Chardev *chr;

    if (!mux) {
        return qemu_chardev_new(id, backend, errp);
    }
    base_id = g_strdup_printf("%s-base", id);
    if (!qemu_chardev_new(base_id, backend, errp)) {
        return NULL;
    }
    mb = mux_backend(base_id);
    chr = qemu_chardev_new(id, mb, errp);
    if (!chr) {
        qemu_chr_delete(base_id, NULL);
    }
    return chr;
}

Chardev *qemu_chr_new_from_opts(const char *optstr, Error **errp)
{
    g_autoptr(QDict) opts = keyval_parse(optstr, "backend", NULL, errp);
    g_autofree char *id = NULL;
    g_autoptr(ChardevBackend) backend = NULL;
    bool has_mux = false, mux = false;

    if (!opts) {
        return NULL;
    }
    if (qdict_haskey(opts, "mux") &&
        !qemu_chr_opt_bool(opts, "mux", &has_mux, &mux, errp)) {
        return NULL;
    }
    backend = qemu_chr_parse_opts(optstr, &id, errp);
    if (!backend) {
        return NULL;
    }
    return chr_new_maybe_mux(id, backend, mux, errp);
}

/* --- the legacy syntax -------------------------------------------------- */

/* "unix:PATH,opts" / "tcp:HOST:PORT,opts" / "file:PATH"... -> keyval. */
static char *compat_to_keyval(const char *spec, Error **errp)
{
    static const char *const simple[] = { "null", "stdio", "pty", NULL };
    const char *p;

    if (g_strv_contains(simple, spec)) {
        return g_strdup(spec);
    }
    if (g_str_has_prefix(spec, "file:")) {
        return g_strdup_printf("file,path=%s", spec + 5);
    }
    if (g_str_has_prefix(spec, "pipe:")) {
        return g_strdup_printf("pipe,path=%s", spec + 5);
    }
    if (g_str_has_prefix(spec, "unix:")) {
        return g_strdup_printf("socket,path=%s", spec + 5);
    }
    if (g_str_has_prefix(spec, "tcp:")) {
        const char *hostport = spec + 4;
        const char *comma = strchr(hostport, ',');
        g_autofree char *hp = comma ? g_strndup(hostport, comma - hostport)
                                    : g_strdup(hostport);
        char *colon = strrchr(hp, ':');

        if (!colon) {
            error_setg(errp, "chardev: socket: no port given");
            return NULL;
        }
        *colon = '\0';
        /* An empty host: all addresses for a server, loopback for a
         * client (getaddrinfo's rules). */
        p = hp;
        if (hp[0] == '[' && colon > hp + 1 && colon[-1] == ']') {
            colon[-1] = '\0';
            p = hp + 1;
        }
        return g_strdup_printf("socket,host=%s,port=%s%s", p, colon + 1,
                               comma ? comma : "");
    }
    error_setg(errp, "'%s' is not a valid char driver name", spec);
    return NULL;
}

ChardevBackend *qemu_chr_parse_compat(const char *spec, bool *mux_monitor,
                                      char **existing, Error **errp)
{
    g_autofree char *kv = NULL;
    g_autofree char *id = NULL;
    g_autofree char *with_id = NULL;

    *existing = NULL;
    if (mux_monitor) {
        *mux_monitor = false;
        if (g_str_has_prefix(spec, "mon:")) {
            *mux_monitor = true;
            spec += 4;
        }
    }
    if (g_str_has_prefix(spec, "chardev:")) {
        *existing = g_strdup(spec + 8);
        return NULL;
    }
    kv = compat_to_keyval(spec, errp);
    if (!kv) {
        return NULL;
    }
    /* The id is supplied by the caller; parse with a placeholder. */
    with_id = g_strdup_printf("%s,id=compat", kv);
    return qemu_chr_parse_opts(with_id, &id, errp);
}

Chardev *qemu_chr_new_compat(const char *label, const char *spec,
                             bool *mux_monitor, Error **errp)
{
    g_autofree char *existing = NULL;
    g_autoptr(ChardevBackend) backend = NULL;
    bool mux = false;
    Chardev *chr;

    backend = qemu_chr_parse_compat(spec, &mux, &existing, errp);
    if (mux_monitor) {
        *mux_monitor = mux;
    }
    if (existing) {
        chr = qemu_chr_find(existing);
        if (!chr) {
            error_setg(errp, "chardev \"%s\" not found", existing);
        }
        return chr;
    }
    if (!backend) {
        return NULL;
    }
    return chr_new_maybe_mux(label, backend, mux, errp);
}

/* --- removal ------------------------------------------------------------ */

bool qemu_chr_delete(const char *label, Error **errp)
{
    Chardev *chr = qemu_chr_find(label);

    if (!chr) {
        error_setg(errp, "Chardev '%s' not found", label);
        return false;
    }
    if (chr->be) {
        error_setg(errp, "Chardev '%s' is busy", label);
        return false;
    }
    object_unparent(OBJECT(chr));
    return true;
}

static void chr_cleanup_one(gpointer data, gpointer user)
{
    Chardev *chr = data;

    if (chr->be) {
        chr->be->chr = NULL;
        chr->be = NULL;
    }
    object_unparent(OBJECT(chr));
}

static int chr_collect(Object *obj, void *opaque)
{
    GSList **list = opaque;

    *list = g_slist_prepend(*list, obj);
    return 0;
}

void qemu_chr_cleanup(void)
{
    GSList *list = NULL;

    object_child_foreach(chardev_container(), chr_collect, &list);
    /* Muxes first (created last), then what they sit on. */
    g_slist_foreach(list, chr_cleanup_one, NULL);
    g_slist_free(list);
}

/* --- QOM type ----------------------------------------------------------- */

static void chardev_finalize(Object *obj)
{
    Chardev *chr = CHARDEV(obj);
    ChardevClass *cc = CHARDEV_GET_CLASS(chr);

    if (cc->chr_cleanup) {
        cc->chr_cleanup(chr);
    }
    if (chr->logfd >= 0) {
        close(chr->logfd);
    }
    g_free(chr->label);
    g_free(chr->filename);
}

static void chardev_instance_init(Object *obj)
{
    CHARDEV(obj)->logfd = -1;
}

static const TypeInfo chardev_type_info = {
    .name = TYPE_CHARDEV,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(Chardev),
    .instance_init = chardev_instance_init,
    .instance_finalize = chardev_finalize,
    .abstract = true,
    .class_size = sizeof(ChardevClass),
};

static void chardev_register_types(void)
{
    type_register_static(&chardev_type_info);
}

type_init(chardev_register_types)

/* --- description for query-chardev -------------------------------------- */

char *qemu_chr_describe(const ChardevBackend *b)
{
    switch (b->type) {
    case CHARDEV_BACKEND_TYPE_FILE:
        return g_strdup_printf("file:%s", b->u.file.data->out);
    case CHARDEV_BACKEND_TYPE_PIPE:
        return g_strdup_printf("pipe:%s", b->u.pipe.data->device);
    case CHARDEV_BACKEND_TYPE_SOCKET: {
        ChardevSocket *s = b->u.socket.data;
        bool server = s->has_server && s->server;
        if (s->addr->type == SOCKET_ADDRESS_TYPE_UNIX) {
            return g_strdup_printf("unix:%s%s",
                                   s->addr->u.q_unix.data->path,
                                   server ? ",server=on" : "");
        }
        return g_strdup_printf("tcp:%s:%s%s", s->addr->u.inet.data->host,
                               s->addr->u.inet.data->port,
                               server ? ",server=on" : "");
    }
    case CHARDEV_BACKEND_TYPE_PTY:
        return g_strdup("pty");
    case CHARDEV_BACKEND_TYPE_NULL:
        return g_strdup("null");
    case CHARDEV_BACKEND_TYPE_MUX:
        return g_strdup_printf("mux:%s", b->u.mux.data->chardev);
    case CHARDEV_BACKEND_TYPE_STDIO:
        return g_strdup("stdio");
    default:
        return g_strdup("unknown");
    }
}

/* --- QMP ---------------------------------------------------------------- */

static int chr_info_one(Object *obj, void *opaque)
{
    ChardevInfoList **list = opaque;
    Chardev *chr = CHARDEV(obj);
    ChardevInfo *info = g_new0(ChardevInfo, 1);

    info->label = g_strdup(chr->label);
    info->filename = g_strdup(chr->filename);
    info->frontend_open = chr->be && chr->be->fe_open;
    QAPI_LIST_PREPEND(*list, info);
    return 0;
}

ChardevInfoList *qmp_query_chardev(Error **errp)
{
    ChardevInfoList *list = NULL;

    object_child_foreach(chardev_container(), chr_info_one, &list);
    return list;
}

ChardevBackendInfoList *qmp_query_chardev_backends(Error **errp)
{
    ChardevBackendInfoList *list = NULL;
    int i;

    for (i = ChardevBackendType_lookup.size - 1; i >= 0; i--) {
        ChardevBackendInfo *info = g_new0(ChardevBackendInfo, 1);
        info->name = g_strdup(ChardevBackendType_lookup.array[i]);
        QAPI_LIST_PREPEND(list, info);
    }
    return list;
}

ChardevReturn *qmp_chardev_add(const char *id, ChardevBackend *backend,
                               Error **errp)
{
    Chardev *chr = qemu_chardev_new(id, backend, errp);
    ChardevReturn *ret;

    if (!chr) {
        return NULL;
    }
    ret = g_new0(ChardevReturn, 1);
    if (backend->type == CHARDEV_BACKEND_TYPE_PTY) {
        /* filename is "pty:/dev/pts/N" once opened. */
        const char *colon = strchr(chr->filename, ':');
        ret->pty = g_strdup(colon ? colon + 1 : chr->filename);
        ret->has_pty = true;
    }
    return ret;
}

void qmp_chardev_remove(const char *id, Error **errp)
{
    qemu_chr_delete(id, errp);
}
