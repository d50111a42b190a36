/*
 * qemu-system-x86_64: the command line, start-up and the main loop.
 *
 * Start-up order: parse every option (syntax errors stop here), fork
 * with -daemonize, then create what the options describe in dependency
 * order: -object, the machine, -chardev, the monitors (-mon, -qmp,
 * -monitor), -serial; then run. Any error names its option
 * ("qemu-system-x86_64: -object secret,id=x: ...") and exits with
 * status 1.
 */
#include "qemu/osdep.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include "chardev/char-fe.h"
#include "hw/boards.h"
#include "monitor/monitor.h"
#include "qapi/qapi-commands-char.h"
#include "qapi/util.h"
#include "qemu/error-report.h"
#include "qemu/keyval.h"
#include "qemu/main-loop.h"
#include "qemu/module.h"
#include "qobject/qjson.h"
#include "qobject/qstring.h"
#include "qom/object_interfaces.h"
#include "sysemu/blockdev.h"
#include "sysemu/runstate.h"
#include "sysemu/sysemu.h"

const char *qemu_name;

/* One option occurrence, kept in command-line order. */
typedef struct CmdOpt {
    const char *name;       /* "object", "chardev", ... */
    const char *arg;
} CmdOpt;

typedef struct VLConfig {
    GArray *opts;           /* CmdOpt */
    const char *machine;    /* the -machine argument */
    const char *pidfile;
    bool daemonize;
    bool nodefaults;
    bool nographic;
    bool autostart;
    bool qmp_pretty;
    bool have_monitor;      /* some -monitor/-qmp/-mon was given */
    bool have_serial;
} VLConfig;

/* --- help --------------------------------------------------------------- */

static void version(void)
{
    printf("QEMU emulator version " QEMU_VERSION QEMU_PKGVERSION "\n"
           "Copyright (c) 2003-2022 Fabrice Bellard and the QEMU Project "
           "developers\n");
}

static void help(void)
{
    version();
    printf("usage: qemu-system-x86_64 [options]\n\n"
"Standard options:\n"
"-h or -help     display this help and exit\n"
"-version        display version information and exit\n"
"-machine [type=]name[,prop[=value][,...]]\n"
"                selects emulated machine ('-machine help' for list)\n"
"                (only 'none' exists yet: no CPU, no devices)\n"
"-M name         same as -machine name\n"
"-name string1[,debug-threads=on|off]\n"
"                set the name of the guest\n"
"-S              freeze CPU at startup (use 'c' to start execution)\n"
"-nodefaults     don't create default devices\n"
"\n"
"Display options:\n"
"-display none   select display backend type (only 'none')\n"
"-nographic      disable graphical output and redirect serial I/Os and\n"
"                the monitor to the console (multiplexed: C-a h for help)\n"
"\n"
"Character device options:\n"
"-chardev null,id=id\n"
"-chardev socket,id=id[,host=host],port=port[,server=on|off][,wait=on|off]\n"
"         [,nodelay=on|off][,reconnect=seconds][,mux=on|off]\n"
"         [,ipv4=on|off][,ipv6=on|off][,numeric=on|off]\n"
"-chardev socket,id=id,path=path[,server=on|off][,wait=on|off]\n"
"         [,reconnect=seconds][,mux=on|off]\n"
"-chardev file,id=id,path=path[,append=on|off][,mux=on|off]\n"
"-chardev pipe,id=id,path=path[,mux=on|off]\n"
"-chardev pty,id=id[,mux=on|off]\n"
"-chardev stdio,id=id[,signal=on|off][,mux=on|off]\n"
"         every backend also takes [,logfile=PATH][,logappend=on|off]\n"
"\n"
"Debug/Expert options:\n"
"-monitor dev    redirect the human monitor (HMP) to char device 'dev'\n"
"-qmp dev        like -monitor but opens in 'control' mode (QMP)\n"
"-qmp-pretty dev like -qmp but uses pretty JSON formatting\n"
"-mon [chardev=]name[,mode=readline|control][,pretty[=on|off]]\n"
"-serial dev     redirect the serial port to char device 'dev'\n"
"                (no UART yet: the character device is only created)\n"
"                dev: null, stdio, pty, file:PATH, pipe:PATH,\n"
"                unix:PATH[,server=on|off][,wait=on|off],\n"
"                tcp:[HOST]:PORT[,server=on|off][,wait=on|off][,nodelay=on|off],\n"
"                mon:DEV (multiplex a monitor), chardev:ID\n"
"-pidfile file   write PID to 'file'\n"
"-daemonize      daemonize QEMU after initializing\n"
"\n"
"Generic object creation:\n"
"-object TYPENAME[,PROP1=VALUE1,...]\n"
"-object '{\"qom-type\": \"TYPENAME\", \"id\": \"ID\", ...}'\n"
"                create a new object of type TYPENAME setting properties\n"
"                in the order they are specified ('-object help' for list)\n"
"\n"
"Block device options:\n"
"-blockdev [driver=]driver[,node-name=N][,read-only=on|off][,discard=...]\n"
"          [,cache.direct=on|off][,detect-zeroes=...][,driver options]\n"
"-blockdev '{\"driver\": ..., \"node-name\": ..., ...}'\n"
"                open a block node graph (drivers: file, null-co, raw,\n"
"                luks, qcow2; 'key-secret' names a secret object)\n"
"-drive if=none,id=ID,file=FILE[,format=FMT][,readonly=on|off][,cache=MODE]\n"
"       [,aio=threads|native][,discard=ignore|unmap][,block options]\n"
"                a block backend ID (no disk controllers yet: if=none)\n"
"\n"
"During emulation, the following keys are useful with -nographic:\n"
"ctrl-a h    print help       ctrl-a x    exit emulator\n"
"ctrl-a c    switch between console and monitor\n");
}

/* --- option table ------------------------------------------------------- */

typedef struct OptDef {
    const char *name;
    bool has_arg;
} OptDef;

static const OptDef opt_defs[] = {
    { "h", false }, { "help", false }, { "version", false },
    { "object", true }, { "chardev", true }, { "qmp", true },
    { "qmp-pretty", true }, { "monitor", true }, { "mon", true },
    { "serial", true }, { "S", false }, { "nodefaults", false },
    { "display", true }, { "nographic", false }, { "name", true },
    { "pidfile", true }, { "daemonize", false }, { "machine", true },
    { "M", true }, { "blockdev", true }, { "drive", true },
    { "no-user-config", false }, { "accel", true },
    { NULL }
};

static const OptDef *find_opt(const char *name)
{
    const OptDef *d;

    for (d = opt_defs; d->name; d++) {
        if (!strcmp(d->name, name)) {
            return d;
        }
    }
    return NULL;
}

static G_NORETURN void die(Error *err)
{
    error_report_err(err);
    exit(1);
}

/* Options that take effect at parse time; others are queued. */
static void parse_args(VLConfig *cfg, int argc, char **argv)
{
    int i;

    for (i = 1; i < argc; i++) {
        const char *name = argv[i];
        const char *arg = NULL;
        const OptDef *def;

        if (name[0] != '-') {
            loc_set_cmdline(name, NULL);
            error_report("disk images as arguments are not supported "
                         "yet, use -blockdev");
            exit(1);
        }
        name += name[1] == '-' ? 2 : 1;
        def = find_opt(name);
        if (!def) {
            loc_clear();
            error_report("%s: invalid option", argv[i]);
            exit(1);
        }
        if (def->has_arg) {
            if (i + 1 >= argc) {
                error_report("%s: requires an argument", argv[i]);
                exit(1);
            }
            arg = argv[++i];
        }
        if (!strcmp(name, "h") || !strcmp(name, "help")) {
            help();
            exit(0);
        } else if (!strcmp(name, "version")) {
            version();
            exit(0);
        } else if (!strcmp(name, "S")) {
            cfg->autostart = false;
        } else if (!strcmp(name, "nodefaults")) {
            cfg->nodefaults = true;
        } else if (!strcmp(name, "nographic")) {
            cfg->nographic = true;
        } else if (!strcmp(name, "daemonize")) {
            cfg->daemonize = true;
        } else if (!strcmp(name, "pidfile")) {
            cfg->pidfile = arg;
        } else if (!strcmp(name, "machine") || !strcmp(name, "M")) {
            cfg->machine = arg;
        } else if (!strcmp(name, "no-user-config")) {
            /* There is no user configuration file to skip. */
        } else {
            CmdOpt o = { .name = def->name, .arg = arg };
            if (!strcmp(name, "qmp") || !strcmp(name, "qmp-pretty") ||
                !strcmp(name, "monitor") || !strcmp(name, "mon")) {
                cfg->have_monitor = true;
            } else if (!strcmp(name, "serial")) {
                cfg->have_serial = true;
            }
            g_array_append_val(cfg->opts, o);
        }
    }
}

/* --- options that need only checking ------------------------------------ */

static void check_display(const char *arg, Error **errp)
{
    g_autoptr(QDict) opts = keyval_parse(arg, "type", NULL, errp);
    const char *type;

    if (!opts) {
        return;
    }
    type = qdict_get_try_str(opts, "type");
    if (!type || strcmp(type, "none") != 0) {
        error_setg(errp, "Display '%s' is not available.", type ?: "");
    }
}

static void check_accel(const char *arg, Error **errp)
{
    g_autoptr(QDict) opts = keyval_parse(arg, "accel", NULL, errp);
    const char *accel;

    if (!opts) {
        return;
    }
    accel = qdict_get_try_str(opts, "accel");
    if (!accel || strcmp(accel, "tcg") != 0) {
        error_setg(errp, "invalid accelerator %s", accel ?: "");
    }
}

static void do_name(const char *arg, Error **errp)
{
    g_autoptr(QDict) opts = keyval_parse(arg, "guest", NULL, errp);
    const QDictEntry *e;

    if (!opts) {
        return;
    }
    for (e = qdict_first(opts); e; e = qdict_next(opts, e)) {
        const char *key = qdict_entry_key(e);
        if (strcmp(key, "guest") && strcmp(key, "process") &&
            strcmp(key, "debug-threads")) {
            error_setg(errp, "Invalid parameter '%s'", key);
            return;
        }
    }
    if (qdict_haskey(opts, "guest")) {
        qemu_name = g_strdup(qdict_get_str(opts, "guest"));
    }
}

/* --- creation ----------------------------------------------------------- */

static void create_object(const char *arg, Error **errp)
{
    g_autoptr(QDict) opts = NULL;
    bool help = false;

    if (arg[0] == '{') {
        QObject *obj = qobject_from_json(arg, errp);
        if (!obj) {
            return;
        }
        opts = qobject_to(QDict, obj);
        if (!opts) {
            qobject_unref(obj);
            error_setg(errp, "JSON argument of -object must be an object");
            return;
        }
        user_creatable_add_dict(opts, false, errp);
        return;
    }
    opts = keyval_parse(arg, "qom-type", &help, errp);
    if (!opts) {
        return;
    }
    if (help) {
        /* "-object help" lists the types, "-object secret,help" the
         * properties of one. */
        const char *type = qdict_get_try_str(opts, "qom-type");
        g_autofree char *type_copy = g_strdup(type ? type : "help");

        qdict_put_str(opts, "help", "");
        if (user_creatable_print_help(type_copy, opts)) {
            exit(0);
        }
    } else if (user_creatable_print_help(qdict_get_try_str(opts, "qom-type"),
                                         NULL)) {
        exit(0);
    }
    user_creatable_add_dict(opts, true, errp);
}

static void create_machine(const char *arg, Error **errp)
{
    bool help = false;
    g_autoptr(QDict) opts = keyval_parse(arg ? arg : "none", "type", &help,
                                         errp);
    const char *type;
    MachineClass *mc;
    Object *machine;
    const QDictEntry *e;

    if (!opts) {
        return;
    }
    type = qdict_get_try_str(opts, "type");
    if (help) {
        machine_print_help();
        exit(0);
    }
    mc = machine_find_class(type ? type : "none");
    if (!mc) {
        error_setg(errp, "unsupported machine type");
        error_append_hint(errp, "Use -machine help to list supported "
                          "machines\n");
        return;
    }
    machine = object_new(object_class_get_name(OBJECT_CLASS(mc)));
    for (e = qdict_first(opts); e; e = qdict_next(opts, e)) {
        const char *key = qdict_entry_key(e);
        QString *val = qobject_to(QString, e->value);
        if (!strcmp(key, "type") || !strcmp(key, "accel")) {
            continue;
        }
        if (!val || !object_property_parse(machine, key,
                                           qstring_get_str(val), errp)) {
            if (val == NULL) {
                error_setg(errp, "Invalid parameter '%s'", key);
            }
            object_unref(machine);
            return;
        }
    }
    object_property_add_child(object_get_root(), "machine", machine);
    object_unref(machine);
    mc->init(MACHINE(machine), errp);
}

static int monitor_count;

static void create_monitor(const char *spec, bool qmp, bool pretty,
                           Error **errp)
{
    g_autofree char *label = g_strdup_printf("compat_monitor%d",
                                             monitor_count++);
    bool mux = false;
    Chardev *chr;

    if (!strcmp(spec, "none")) {
        return;
    }
    chr = qemu_chr_new_compat(label, spec, &mux, errp);
    if (!chr) {
        return;
    }
    if (qmp) {
        monitor_init_qmp(chr, pretty, errp);
    } else {
        monitor_init_hmp(chr, true, errp);
    }
}

static int serial_count;

static void create_serial(const char *spec, Error **errp)
{
    g_autofree char *label = g_strdup_printf("serial%d", serial_count++);
    bool mux = false;
    Chardev *chr;

    if (!strcmp(spec, "none")) {
        return;
    }
    chr = qemu_chr_new_compat(label, spec, &mux, errp);
    if (chr && mux) {
        /* "mon:": the monitor shares the line (the serial port will). */
        monitor_init_hmp(chr, true, errp);
    }
}

static void reject_stdio(VLConfig *cfg, const char *name, const char *arg,
                         Error **errp)
{
    if (!cfg->daemonize) {
        return;
    }
    if ((!strcmp(name, "chardev") && g_str_has_prefix(arg, "stdio")) ||
        (strcmp(name, "chardev") && strcmp(name, "mon") &&
         (!strcmp(arg, "stdio") || !strcmp(arg, "mon:stdio")))) {
        error_setg(errp, "cannot use stdio with -daemonize");
    }
}

typedef void OptFunc(VLConfig *cfg, const CmdOpt *o, Error **errp);

/* Run @fn for option @o, its location set for messages; exit on error. */
static void run_opt(VLConfig *cfg, const CmdOpt *o, OptFunc *fn)
{
    g_autofree char *optname = g_strdup_printf("-%s", o->name);
    Error *err = NULL;

    loc_set_cmdline(optname, o->arg);
    reject_stdio(cfg, o->name, o->arg, &err);
    if (!err) {
        fn(cfg, o, &err);
    }
    if (err) {
        die(err);
    }
    loc_clear();
}

/* Run @fn over the options named @name, in command-line order. */
static void foreach_opt(VLConfig *cfg, const char *name, OptFunc *fn)
{
    guint i;

    for (i = 0; i < cfg->opts->len; i++) {
        const CmdOpt *o = &g_array_index(cfg->opts, CmdOpt, i);

        if (!strcmp(o->name, name)) {
            run_opt(cfg, o, fn);
        }
    }
}

static void opt_object(VLConfig *cfg, const CmdOpt *o, Error **errp)
{
    create_object(o->arg, errp);
}

static void print_chardev_help(void)
{
    g_autoptr(ChardevBackendInfoList) list = qmp_query_chardev_backends(NULL);
    ChardevBackendInfoList *l;

    printf("Available chardev backend types: \n");
    for (l = list; l; l = l->next) {
        printf("  %s\n", l->value->name);
    }
}

static void opt_chardev(VLConfig *cfg, const CmdOpt *o, Error **errp)
{
    if (!strcmp(o->arg, "help")) {
        print_chardev_help();
        exit(0);
    }
    qemu_chr_new_from_opts(o->arg, errp);
}

static void opt_mon(VLConfig *cfg, const CmdOpt *o, Error **errp)
{
    monitor_init_opts(o->arg, errp);
}

static void opt_qmp(VLConfig *cfg, const CmdOpt *o, Error **errp)
{
    create_monitor(o->arg, true, !strcmp(o->name, "qmp-pretty"), errp);
}

static void opt_monitor(VLConfig *cfg, const CmdOpt *o, Error **errp)
{
    create_monitor(o->arg, false, false, errp);
}

static void opt_serial(VLConfig *cfg, const CmdOpt *o, Error **errp)
{
    create_serial(o->arg, errp);
}

static void opt_display(VLConfig *cfg, const CmdOpt *o, Error **errp)
{
    check_display(o->arg, errp);
}

static void opt_accel(VLConfig *cfg, const CmdOpt *o, Error **errp)
{
    check_accel(o->arg, errp);
}

static void opt_name(VLConfig *cfg, const CmdOpt *o, Error **errp)
{
    do_name(o->arg, errp);
}

static void opt_blockdev(VLConfig *cfg, const CmdOpt *o, Error **errp)
{
    blockdev_add_cmdline(o->arg, errp);
}

static void opt_drive(VLConfig *cfg, const CmdOpt *o, Error **errp)
{
    drive_new(o->arg, errp);
}

/* --- process setup ------------------------------------------------------ */

static int daemon_pipe = -1;
static int signal_pipe[2] = { -1, -1 };
static char *pidfile_written;

static void signal_handler(int signo, siginfo_t *info, void *ctx)
{
    int saved_errno = errno;
    /* signo and pid, read back by the main loop. */
    int msg[2] = { signo, info ? (int)info->si_pid : 0 };

    if (write(signal_pipe[1], msg, sizeof(msg)) < 0) {
        /* Nothing to do in a signal handler. */
    }
    errno = saved_errno;
}

static void signal_pipe_read(void *opaque)
{
    int msg[2];

    while (read(signal_pipe[0], msg, sizeof(msg)) == sizeof(msg)) {
        qemu_system_killed(msg[0], msg[1]);
    }
}

/*
 * Until the main loop runs, a terminating signal ends the program at once
 * (as QEMU does while, say, a server socket waits for its client), but
 * first gives the terminal back its modes (tcsetattr is
 * async-signal-safe).
 */
static void early_signal_handler(int signo)
{
    qemu_chr_stdio_restore_term();
    signal(signo, SIG_DFL);
    raise(signo);
}

static void setup_early_signals(void)
{
    signal(SIGINT, early_signal_handler);
    signal(SIGTERM, early_signal_handler);
    signal(SIGHUP, early_signal_handler);
}

static void setup_signals(Error **errp)
{
    struct sigaction act = { 0 };

    if (pipe2(signal_pipe, O_CLOEXEC | O_NONBLOCK) < 0) {
        error_setg_errno(errp, errno, "cannot create the signal pipe");
        return;
    }
    qemu_set_fd_handler(signal_pipe[0], signal_pipe_read, NULL, NULL);
    act.sa_sigaction = signal_handler;
    act.sa_flags = SA_SIGINFO | SA_RESTART;
    sigaction(SIGINT, &act, NULL);
    sigaction(SIGTERM, &act, NULL);
    sigaction(SIGHUP, &act, NULL);
    signal(SIGPIPE, SIG_IGN);
}

/*
 * Fork: the parent waits until the child has started (status byte 0) or
 * failed (the pipe closes), and exits with the matching status.
 */
static void os_daemonize(void)
{
    int fds[2];
    pid_t pid;

    if (pipe2(fds, O_CLOEXEC) < 0) {
        error_report("cannot daemonize: %s", g_strerror(errno));
        exit(1);
    }
    pid = fork();
    if (pid < 0) {
        error_report("cannot daemonize: %s", g_strerror(errno));
        exit(1);
    }
    if (pid > 0) {
        char status;
        ssize_t n;

        close(fds[1]);
        do {
            n = read(fds[0], &status, 1);
        } while (n < 0 && errno == EINTR);
        exit(n == 1 && status == 0 ? 0 : 1);
    }
    close(fds[0]);
    daemon_pipe = fds[1];
    setsid();
}

static void os_setup_post(void)
{
    char status = 0;
    int fd;

    if (daemon_pipe < 0) {
        return;
    }
    if (chdir("/") < 0) {
        error_report("not able to chdir to /: %s", g_strerror(errno));
        exit(1);
    }
    fd = open("/dev/null", O_RDWR);
    if (fd >= 0) {
        dup2(fd, STDIN_FILENO);
        dup2(fd, STDOUT_FILENO);
        dup2(fd, STDERR_FILENO);
        if (fd > STDERR_FILENO) {
            close(fd);
        }
    }
    if (write(daemon_pipe, &status, 1) != 1) {
        /* The parent is gone: nothing to tell. */
    }
    close(daemon_pipe);
    daemon_pipe = -1;
}

static void unlink_pidfile(void)
{
    if (pidfile_written) {
        unlink(pidfile_written);
    }
}

static bool write_pidfile(const char *path, Error **errp)
{
    g_autofree char *content = g_strdup_printf("%d\n", (int)getpid());
    int fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
    struct flock lock = { .l_type = F_WRLCK, .l_whence = SEEK_SET };

    if (fd < 0) {
        error_setg_errno(errp, errno, "Could not create '%s'", path);
        return false;
    }
    /* Another instance holding the lock is still running. */
    if (fcntl(fd, F_SETLK, &lock) < 0) {
        error_setg(errp, "Cannot lock pid file '%s'", path);
        close(fd);
        return false;
    }
    if (ftruncate(fd, 0) < 0 ||
        write(fd, content, strlen(content)) != (ssize_t)strlen(content)) {
        error_setg_errno(errp, errno, "Failed to write PID file '%s'", path);
        close(fd);
        return false;
    }
    /* The fd stays open (and locked) until exit; the name is made
     * absolute because -daemonize changes the directory to /. */
    pidfile_written = g_canonicalize_filename(path, NULL);
    atexit(unlink_pidfile);
    return true;
}

/* --- main --------------------------------------------------------------- */

int main(int argc, char **argv)
{
    VLConfig cfg = { .autostart = true };
    Error *err = NULL;
    int status;

    error_set_progname(argv[0]);
    module_call_init(MODULE_INIT_QOM);
    cfg.opts = g_array_new(false, false, sizeof(CmdOpt));
    parse_args(&cfg, argc, argv);

    if (cfg.nographic && cfg.daemonize) {
        error_report("-nographic cannot be used with -daemonize");
        exit(1);
    }
    /* Checks that need nothing created. */
    foreach_opt(&cfg, "display", opt_display);
    foreach_opt(&cfg, "accel", opt_accel);
    foreach_opt(&cfg, "name", opt_name);

    if (cfg.daemonize) {
        os_daemonize();
    }
    if (cfg.pidfile && !write_pidfile(cfg.pidfile, &err)) {
        error_prepend(&err, "cannot create PID file: ");
        die(err);
    }
    if (qemu_init_main_loop(&err) < 0) {
        die(err);
    }
    setup_early_signals();
    monitor_init_globals();

    /* Objects first: everything else may refer to them. */
    foreach_opt(&cfg, "object", opt_object);
    loc_set_cmdline("-machine", cfg.machine);
    create_machine(cfg.machine, &err);
    if (err) {
        die(err);
    }
    loc_clear();
    /* Block nodes after the objects: key secrets are objects. */
    foreach_opt(&cfg, "blockdev", opt_blockdev);
    foreach_opt(&cfg, "drive", opt_drive);
    foreach_opt(&cfg, "chardev", opt_chardev);
    foreach_opt(&cfg, "mon", opt_mon);
    foreach_opt(&cfg, "qmp", opt_qmp);
    foreach_opt(&cfg, "qmp-pretty", opt_qmp);
    foreach_opt(&cfg, "monitor", opt_monitor);
    foreach_opt(&cfg, "serial", opt_serial);
    if (cfg.nographic && !cfg.nodefaults && !cfg.have_serial) {
        /* The console: serial and (unless one was given) the monitor
         * multiplexed on stdio. */
        create_serial(cfg.have_monitor ? "stdio" : "mon:stdio", &err);
        if (err) {
            die(err);
        }
    }

    /*
     * Signals end the program cleanly from here on; before (a server
     * socket waiting for its first client), they kill it as usual.
     */
    setup_signals(&err);
    if (err) {
        die(err);
    }
    if (cfg.autostart) {
        vm_start();
    } else {
        runstate_set(RUN_STATE_PRELAUNCH);
    }
    os_setup_post();

    status = qemu_main_loop();

    monitor_cleanup();
    blockdev_close_all();
    qemu_chr_cleanup();
    user_creatable_cleanup();
    return status;
}
