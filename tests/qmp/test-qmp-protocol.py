#!/usr/bin/env python3
"""QMP protocol: greeting, capabilities negotiation, id echo, errors for
malformed and wrong requests, introspection, several monitors."""
import json
import sys
import time

from qmp_test import QMP, Tap, Tmp, Vm

t = Tap()
tmp = Tmp()
# A second QMP monitor on another socket, to check that both work.
second = tmp.path('second.sock')
vm = Vm(tmp, args=['-chardev',
                   'socket,id=qmp2,path=%s,server=on,wait=off' % second,
                   '-mon', 'chardev=qmp2,mode=control'])
q = vm.qmp

try:
    t.eq(q.greeting, {'QMP': {'version': {'qemu': {'micro': 0, 'minor': 2,
                                                   'major': 7},
                                          'package': ''},
                              'capabilities': ['oob']}}, 'greeting')

    # Negotiation mode, on a fresh connection to the second monitor.
    q2 = QMP(second, negotiate=False)
    t.eq(q2.cmd('query-status'),
         {'error': {'class': 'CommandNotFound',
                    'desc': "Expecting capabilities negotiation with "
                            "'qmp_capabilities'"}},
         'commands refused before qmp_capabilities')
    t.eq(q2.cmd('qmp_capabilities', enable=['nope']),
         {'error': {'class': 'GenericError',
                    'desc': "Parameter 'enable[0]' does not accept value "
                            "'nope'"}},
         'unknown capability refused')
    t.eq(q2.cmd('qmp_capabilities', enable=['oob']), {'return': {}},
         'qmp_capabilities with oob')
    t.eq(q2.cmd('qmp_capabilities'),
         {'error': {'class': 'CommandNotFound',
                    'desc': 'Capabilities negotiation is already complete, '
                            'command ignored'}},
         'second qmp_capabilities refused')
    t.eq(q2.cmd('query-status')['return']['status'], 'running',
         'second monitor in command mode')
    q2.send_raw('{"exec-oob": "query-status"}\n')
    t.eq(q2.recv(), {'error': {'class': 'GenericError',
                               'desc': 'The command query-status does not '
                                       'support OOB'}},
         'exec-oob of a command without allow-oob')

    # id echo, of any JSON type.
    for ident in (1, 'abc', [1, {'x': None}], {'a': 'b'}):
        rsp = q.cmd_obj({'execute': 'query-version', 'id': ident})
        t.eq(rsp.get('id'), ident, 'id echoed: %s' % json.dumps(ident))
    rsp = q.cmd_obj({'execute': 'nope', 'id': 7})
    t.eq(rsp, {'error': {'class': 'CommandNotFound',
                         'desc': 'The command nope has not been found'},
               'id': 7}, 'unknown command, id echoed')

    t.eq(q.cmd('query-version'),
         {'return': {'qemu': {'major': 7, 'minor': 2, 'micro': 0},
                     'package': ''}}, 'query-version')

    # Malformed input: an error, and the connection goes on.
    q.send_raw('{"execute": }\n')
    rsp = q.recv()
    t.ok(rsp.get('error', {}).get('class') == 'GenericError' and
         rsp['error']['desc'].startswith('JSON parse error'),
         'syntax error: JSON parse error', rsp)
    q.send_raw('{"execute": \x01}\n')
    rsp = q.recv()
    t.ok(rsp.get('error', {}).get('desc', '').startswith('JSON parse error'),
         'control character: JSON parse error', rsp)
    t.eq(q.cmd('query-status')['return']['status'], 'running',
         'connection usable after malformed input')

    # Wrong requests, with QEMU's texts.
    cases = [
        ('[1, 2]', 'QMP input must be a JSON object'),
        ('"query-status"', 'QMP input must be a JSON object'),
        ('{"arguments": {}}', "QMP input lacks member 'execute'"),
        ('{"execute": 1}', "QMP input member 'execute' must be a string"),
        ('{"execute": "stop", "arguments": []}',
         "QMP input member 'arguments' must be an object"),
        ('{"execute": "cont", "foo": 1}',
         "QMP input member 'foo' is unexpected"),
        ('{"execute": "qom-get", "arguments": {"path": "/machine"}}',
         "Parameter 'property' is missing"),
        ('{"execute": "query-status", "arguments": {"x": 1}}',
         "Parameter 'x' is unexpected"),
        ('{"execute": "qom-list", "arguments": {"path": 1}}',
         "Invalid parameter type for 'path', expected: string"),
        ('{"exec-oob": "query-status"}',
         "QMP input member 'exec-oob' is unexpected"),
    ]
    for text, desc in cases:
        q.send_raw(text + '\n')
        t.eq(q.recv(), {'error': {'class': 'GenericError', 'desc': desc}},
             'error: %s' % desc)

    # Oversized input is bounded: a 70 MiB string gets an error, and the
    # connection is still usable (the rest of the line is skipped).
    q.send_raw('{"execute": "query-status", "id": "' + 'x' * (70 << 20) +
               '"}\n')
    rsp = q.recv()
    t.ok(rsp.get('error', {}).get('desc', '').startswith('JSON parse error'),
         'oversized request refused', str(rsp)[:200])
    t.eq(q.cmd('query-status')['return']['status'], 'running',
         'connection usable after oversized input')

    # Introspection.
    cmds = {c['name'] for c in q.cmd('query-commands')['return']}
    for name in ('qmp_capabilities', 'query-version', 'query-commands',
                 'query-qmp-schema', 'quit', 'query-status', 'stop', 'cont',
                 'system_reset', 'system_powerdown', 'qom-list', 'qom-get',
                 'qom-set', 'qom-list-types', 'object-add', 'object-del',
                 'chardev-add', 'chardev-remove', 'query-chardev',
                 'human-monitor-command', 'blockdev-add', 'blockdev-del',
                 'query-named-block-nodes', 'query-block'):
        t.ok(name in cmds, 'query-commands lists %s' % name)
    schema = q.cmd('query-qmp-schema')['return']
    by_name = {e['name']: e for e in schema}
    t.ok(all(c in by_name and by_name[c]['meta-type'] == 'command'
             for c in cmds),
         'query-qmp-schema describes every command')
    for ev in ('STOP', 'RESUME', 'SHUTDOWN', 'RESET', 'POWERDOWN'):
        t.ok(by_name.get(ev, {}).get('meta-type') == 'event',
             'query-qmp-schema describes event %s' % ev)
    qs = by_name['query-status']
    ret = by_name[qs['ret-type']]
    t.eq(sorted(m['name'] for m in ret['members']),
         ['running', 'singlestep', 'status'], 'query-status returns StatusInfo')
    status = next(m for m in ret['members'] if m['name'] == 'status')
    t.ok('prelaunch' in by_name[status['type']]['values'],
         'RunState enum values introspected')
    qg = by_name[by_name['qom-get']['arg-type']]
    t.eq([(m['name'], by_name[m['type']]['json-type'])
          for m in qg['members']],
         [('path', 'string'), ('property', 'string')], 'qom-get arguments')
    sd = by_name[by_name['SHUTDOWN']['arg-type']]
    t.eq([m['name'] for m in sd['members']], ['guest', 'reason'],
         'SHUTDOWN event data')

    # Events reach every negotiated monitor.
    t.eq(q.cmd('stop'), {'return': {}}, 'stop')
    ev1 = q.event('STOP')
    ev2 = q2.event('STOP')
    t.ok(ev1['event'] == ev2['event'] == 'STOP' and
         set(ev1['timestamp']) == {'seconds', 'microseconds'},
         'STOP event on both monitors with a timestamp')
    t.eq(list(ev1), ['timestamp', 'event'], 'event member order')

    # A client that does not read its output does not stop the program:
    # its responses wait in the monitor while other monitors go on.
    n_req = 120
    q2.send_raw('{"execute": "query-qmp-schema"}\n' * n_req)
    time.sleep(0.5)
    start = time.monotonic()
    t.eq(q.cmd('query-status')['return']['status'], 'paused',
         'other monitor answers while a client does not read')
    t.ok(time.monotonic() - start < 2.0, 'and answers at once')
    got = 0
    while got < n_req:
        rsp = q2.recv()
        got += 1
        if rsp.get('return') != schema:
            break
    t.eq(got, n_req, 'the slow client gets every response, intact')
    q2.close()

    # The next client of the same server socket starts from the greeting
    # and negotiation again.
    q3 = QMP(second, negotiate=False)
    t.eq(list(q3.greeting), ['QMP'], 'reconnect: greeting again')
    t.eq(q3.cmd('query-status')['error']['class'], 'CommandNotFound',
         'reconnect: negotiation again')
    q3.close()
finally:
    status = vm.shutdown()
    t.eq(status, 0, 'quit: exit status 0')
    tmp.cleanup()
t.done()
