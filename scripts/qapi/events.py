"""qapi-events[-MODULE].h/.c and qapi-emit-events.h/.c.

For each event FOO_BAR:  void qapi_event_send_foo_bar(ARGS...);
builds {"event": "FOO_BAR", "data": {...}, "timestamp": {...}} and hands it
to <prefix>qapi_event_emit(<PREFIX>QAPI_EVENT_FOO_BAR, dict), which the
monitor implements (libqemuutil has a default that drops the event).
"""
from .common import c_enum_const, c_name, c_string, cgen
from .gen import GenFile, ModularGen, build_params


class EventsGen(ModularGen):
    what = 'qapi-events'
    blurb = 'Schema-defined QAPI/QMP events'
    has_builtin = False

    def __init__(self, prefix):
        super().__init__(prefix)
        self.enum_name = c_name(prefix + 'QAPIEvent', protect=False)
        self.emit_name = c_name(prefix + 'qapi_event_emit')
        self.events = []
        self.emit_h = GenFile(prefix + 'qapi-emit-events.h', self.blurb)
        self.emit_c = GenFile(prefix + 'qapi-emit-events.c', self.blurb)

    def begin_module(self, module, base):
        types = self.module_base(module.name, 'qapi-types')
        visit = self.module_base(module.name, 'qapi-visit')
        self.genh.preamble_add(cgen('''
#include "qapi/util.h"
#include "%(types)s.h"

''', types=types))
        self.genc.preamble_add(cgen('''
#include "qemu/osdep.h"
#include "qemu/error.h"
#include "qobject/qdict.h"
#include "qapi/visitor.h"
#include "qapi/qobject-output-visitor.h"
#include "qapi/qmp-event.h"
#include "%(prefix)sqapi-emit-events.h"
#include "%(visit)s.h"
#include "%(base)s.h"

''', prefix=self.prefix, visit=visit, base=base))

    def event_const(self, ev):
        return c_enum_const(self.enum_name, ev.name)

    def visit_event(self, ev):
        self.events.append(ev)
        proto = 'void qapi_event_send_%s(%s)' % (
            c_name(ev.name.lower()), build_params(ev.arg_type, ev.boxed))
        self.genh.add(ev.ifcond.wrap('\n%s;\n' % proto))
        arg_type = ev.arg_type
        decls = '    QDict *qmp;\n'
        body = ''
        if arg_type is not None and not arg_type.is_empty():
            decls += '    QObject *obj;\n    Visitor *v;\n'
            atype = c_name(arg_type.name)
            if ev.boxed:
                visit = cgen('''
    visit_start_struct(v, "%(name)s", NULL, 0, &error_abort);
    visit_type_%(atype)s_members(v, arg, &error_abort);
''', name=ev.name, atype=atype)
            else:
                inits = ''
                for m in arg_type.members:
                    if m.optional:
                        inits += '        .has_%s = has_%s,\n' % (
                            m.c_name(), m.c_name())
                    cast = '(char *)' if m.type.name == 'str' else ''
                    inits += '        .%s = %s%s,\n' % (m.c_name(), cast,
                                                        m.c_name())
                decls += '    %s param = {\n%s    };\n' % (atype, inits)
                visit = cgen('''
    visit_start_struct(v, "%(name)s", NULL, 0, &error_abort);
    visit_type_%(atype)s_members(v, &param, &error_abort);
''', name=ev.name, atype=atype)
            body = cgen('''
    v = qobject_output_visitor_new(&obj);
%(visit)s    visit_check_struct(v, &error_abort);
    visit_end_struct(v, NULL);
    visit_complete(v, &obj);
    if (qdict_size(qobject_to(QDict, obj))) {
        qdict_put_obj(qmp, "data", obj);
    } else {
        /* every member was optional and absent: no "data" */
        qobject_unref(obj);
    }
    visit_free(v);
''', visit=visit)
        self.genc.add(ev.ifcond.wrap(cgen('''

%(proto)s
{
%(decls)s
    qmp = qmp_event_build_dict(%(name)s);
%(body)s    %(emit)s(%(const)s, qmp);
    qobject_unref(qmp);
}
''', proto=proto, decls=decls, name=c_string(ev.name), body=body,
            emit=self.emit_name, const=self.event_const(ev))))

    def visit_end(self):
        enum = self.enum_name
        values = ''.join(ev.ifcond.wrap('    %s,\n' % self.event_const(ev))
                         for ev in self.events)
        names = ''.join(ev.ifcond.wrap('        [%s] = %s,\n'
                                       % (self.event_const(ev),
                                          c_string(ev.name)))
                        for ev in self.events) or '        NULL,\n'
        emax = c_enum_const(enum, '_MAX')
        self.emit_h.add(cgen('''
#include "qapi/util.h"
#include "qobject/qobject.h"

typedef enum %(enum)s {
%(values)s    %(max)s,
} %(enum)s;

#define %(enum)s_str(val) \\
    qapi_enum_lookup(&%(enum)s_lookup, (val))

extern const QEnumLookup %(enum)s_lookup;

/* Send @qdict (the whole event message) to the monitors. */
void %(emit)s(%(enum)s event, QDict *qdict);
''', enum=enum, values=values, max=emax, emit=self.emit_name))
        self.emit_c.add(cgen('''
#include "qemu/osdep.h"
#include "%(prefix)sqapi-emit-events.h"

const QEnumLookup %(enum)s_lookup = {
    .array = (const char *const[]) {
%(names)s    },
    .size = %(max)s
};
''', prefix=self.prefix, enum=enum, names=names, max=emax))

    def extra_files(self):
        return [self.emit_h, self.emit_c]
