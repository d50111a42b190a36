"""qapi-commands[-MODULE].h/.c and qapi-init-commands.h/.c.

For each command 'foo-bar' (unless 'gen': false):
    RET qmp_foo_bar(ARGS..., Error **errp);       written by hand
    void qmp_marshal_foo_bar(QDict *args, QObject **ret, Error **errp);
The marshaler visits @args into the argument struct (strictly: unknown or
missing members are errors), calls the handler and visits its result into
*ret.  <prefix>qmp_init_marshal() registers every marshaler.
"""
from .common import c_decl, c_name, cgen, special_features_mask
from .gen import GenFile, ModularGen, build_params


class CommandsGen(ModularGen):
    what = 'qapi-commands'
    blurb = 'Schema-defined QAPI/QMP commands'
    has_builtin = False

    def __init__(self, prefix):
        super().__init__(prefix)
        self.registrations = []
        self.init_h = GenFile(prefix + 'qapi-init-commands.h',
                              'Schema-defined QAPI/QMP commands')
        self.init_c = GenFile(prefix + 'qapi-init-commands.c',
                              'Schema-defined QAPI/QMP commands')

    def begin_module(self, module, base):
        self.outputs_seen = set()
        types = self.module_base(module.name, 'qapi-types')
        visit = self.module_base(module.name, 'qapi-visit')
        self.genh.preamble_add(cgen('''
#include "%(types)s.h"
#include "qapi/qmp/dispatch.h"

''', types=types))
        self.genc.preamble_add(cgen('''
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "qobject/qdict.h"
#include "qapi/visitor.h"
#include "qapi/dealloc-visitor.h"
#include "qapi/qobject-input-visitor.h"
#include "qapi/qobject-output-visitor.h"
#include "%(visit)s.h"
#include "%(base)s.h"

''', visit=visit, base=base))

    def visit_command(self, cmd):
        if not cmd.gen:
            return
        name = c_name(cmd.name)
        ret_type = cmd.ret_type
        ret_c = ret_type.c_type() if ret_type else 'void'
        proto = '%s(%s)' % ('qmp_' + name,
                            build_params(cmd.arg_type, cmd.boxed,
                                         'Error **errp'))
        self.genh.add(cmd.ifcond.wrap(cgen('''

%(decl)s;
void qmp_marshal_%(name)s(QDict *args, QObject **ret, Error **errp);
''', decl=c_decl(ret_c, proto), name=name)))
        if ret_type is not None and ret_type.name not in self.outputs_seen:
            self.outputs_seen.add(ret_type.name)
            self.genc.add(ret_type.ifcond.wrap(self.output_marshal(ret_type)))
        self.genc.add(cmd.ifcond.wrap(self.marshal(cmd)))
        opts = []
        if not cmd.success_response:
            opts.append('QCO_NO_SUCCESS_RESP')
        if cmd.allow_oob:
            opts.append('QCO_ALLOW_OOB')
        if cmd.allow_preconfig:
            opts.append('QCO_ALLOW_PRECONFIG')
        if cmd.coroutine:
            opts.append('QCO_COROUTINE')
        self.registrations.append(cmd.ifcond.wrap(cgen('''
    qmp_register_command(cmds, "%(name)s",
                         qmp_marshal_%(cname)s, %(opts)s, %(feats)s);
''', name=cmd.name, cname=name, opts=' | '.join(opts) or 'QCO_NO_OPTIONS',
            feats=special_features_mask(cmd.features))))

    @staticmethod
    def output_marshal(ret_type):
        return cgen('''

static void qmp_marshal_output_%(cname)s(%(decl)s, QObject **ret_out,
                                         Error **errp)
{
    Visitor *v;

    v = qobject_output_visitor_new(ret_out);
    if (visit_type_%(cname)s(v, "unused", &ret_in, errp)) {
        visit_complete(v, ret_out);
    }
    visit_free(v);
    v = qapi_dealloc_visitor_new();
    visit_type_%(cname)s(v, "unused", &ret_in, NULL);
    visit_free(v);
}
''', cname=c_name(ret_type.name, False),
            decl=c_decl(ret_type.c_type(), 'ret_in'))

    @staticmethod
    def marshal(cmd):
        name = c_name(cmd.name)
        arg_type = cmd.arg_type
        has_args = arg_type is not None and not arg_type.is_empty()
        decls = '    Error *err = NULL;\n    bool ok = false;\n' \
            '    Visitor *v;\n'
        if cmd.ret_type is not None:
            decls += '    %s;\n' % c_decl(cmd.ret_type.c_type(), 'retval')
        if has_args:
            decls += '    %s arg = {0};\n' % c_name(arg_type.name)
            visit_args = cgen('''
    if (visit_type_%(atype)s_members(v, &arg, errp)) {
        ok = visit_check_struct(v, errp);
    }
''', atype=c_name(arg_type.name))
        else:
            visit_args = '    ok = visit_check_struct(v, errp);\n'
        if cmd.boxed:
            call_args = '&arg, '
        elif has_args:
            call_args = ''
            for m in arg_type.members:
                if m.optional:
                    call_args += 'arg.has_%s, ' % m.c_name()
                call_args += 'arg.%s, ' % m.c_name()
        else:
            call_args = ''
        if cmd.ret_type is not None:
            call = cgen('''
    retval = qmp_%(name)s(%(args)s&err);
    error_propagate(errp, err);
    if (err) {
        goto out;
    }
    qmp_marshal_output_%(rtype)s(retval, ret, errp);
''', name=name, args=call_args, rtype=c_name(cmd.ret_type.name, False))
        else:
            call = cgen('''
    qmp_%(name)s(%(args)s&err);
    error_propagate(errp, err);
''', name=name, args=call_args)
        cleanup = ''
        if has_args:
            cleanup = cgen('''
    v = qapi_dealloc_visitor_new();
    visit_start_struct(v, NULL, NULL, 0, NULL);
    visit_type_%(atype)s_members(v, &arg, NULL);
    visit_end_struct(v, NULL);
    visit_free(v);
''', atype=c_name(arg_type.name))
        return cgen('''

void qmp_marshal_%(name)s(QDict *args, QObject **ret, Error **errp)
{
%(decls)s
    v = qobject_input_visitor_new(QOBJECT(args));
    if (!visit_start_struct(v, NULL, NULL, 0, errp)) {
        goto out;
    }
%(visit_args)s    visit_end_struct(v, NULL);
    if (!ok) {
        goto out;
    }

%(call)s
out:
    visit_free(v);
%(cleanup)s}
''', name=name, decls=decls, visit_args=visit_args, call=call,
            cleanup=cleanup)

    def visit_end(self):
        fn = c_name(self.prefix + 'qmp_init_marshal', protect=False)
        self.init_h.add(cgen('''
#include "qapi/qmp/dispatch.h"

void %(fn)s(QmpCommandList *cmds);
''', fn=fn))
        self.init_c.add(cgen('''
#include "qemu/osdep.h"
#include "%(prefix)sqapi-commands.h"
#include "%(prefix)sqapi-init-commands.h"

void %(fn)s(QmpCommandList *cmds)
{
%(regs)s}
''', prefix=self.prefix, fn=fn, regs=''.join(self.registrations)))

    def extra_files(self):
        return [self.init_h, self.init_c]
