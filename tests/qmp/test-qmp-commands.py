#!/usr/bin/env python3
"""QMP commands: run state with its events, QOM (object-add/del of
secrets, qom-list/get/set, qom-list-types), chardevs, human-monitor-command,
quit and SIGTERM."""
import base64
import os
import shutil
import signal
import subprocess

from qmp_test import Tap, Tmp, Vm

t = Tap()
tmp = Tmp()
key = tmp.path('key.txt')
with open(key, 'w') as f:
    f.write('from-a-file')
master = tmp.path('master.key')
master_key = os.urandom(32)
with open(master, 'wb') as f:
    f.write(master_key)

vm = Vm(tmp, args=['-S', '-name', 'guest=test-vm',
                   '-object', 'secret,id=cli0,data=fromcli',
                   '-object', 'secret,id=master,file=%s' % master])
q = vm.qmp
try:
    # --- run state ---
    t.eq(q.cmd('query-status'),
         {'return': {'running': False, 'singlestep': False,
                     'status': 'prelaunch'}}, '-S: prelaunch')
    t.eq(q.cmd('cont'), {'return': {}}, 'cont')
    t.eq(q.event('RESUME')['event'], 'RESUME', 'RESUME event')
    t.eq(q.cmd('query-status')['return']['status'], 'running', 'running')
    t.eq(q.cmd('stop'), {'return': {}}, 'stop')
    t.eq(q.event('STOP')['event'], 'STOP', 'STOP event')
    t.eq(q.cmd('query-status')['return'],
         {'running': False, 'singlestep': False, 'status': 'paused'},
         'paused')
    t.eq(q.cmd('stop'), {'return': {}}, 'stop when stopped')
    t.eq(q.cmd('cont'), {'return': {}}, 'cont again')
    q.event('RESUME')
    t.eq(q.cmd('system_reset'), {'return': {}}, 'system_reset')
    ev = q.event('RESET')
    t.eq(ev.get('data'), {'guest': False, 'reason': 'host-qmp-system-reset'},
         'RESET event data')
    t.eq(q.cmd('system_powerdown'), {'return': {}}, 'system_powerdown')
    t.eq(q.event('POWERDOWN')['event'], 'POWERDOWN', 'POWERDOWN event')
    t.ok(not [e for e in q.events if e['event'] == 'STOP'],
         'no STOP event for stop when stopped')
    t.eq(q.cmd('query-name'), {'return': {'name': 'test-vm'}}, 'query-name')

    # --- QOM ---
    t.eq(q.cmd('qom-get', path='/objects/cli0', property='format'),
         {'return': 'raw'}, '-object created before the monitor')
    t.eq(q.cmd('object-add', {'qom-type': 'secret', 'id': 's0',
                              'data': 'letmein'}), {'return': {}},
         'object-add secret data=')
    t.eq(q.cmd('object-add', {'qom-type': 'secret', 'id': 's1',
                              'file': key}), {'return': {}},
         'object-add secret file=')
    t.eq(q.cmd('object-add', {'qom-type': 'secret', 'id': 's2',
                              'data': 'bGV0bWVpbg==', 'format': 'base64'}),
         {'return': {}}, 'object-add secret format=base64')
    t.eq(q.cmd('object-add', {'qom-type': 'secret', 'id': 's0',
                              'data': 'x'}),
         {'error': {'class': 'GenericError',
                    'desc': "object 's0' already exists"}},
         'object-add duplicate id')
    t.eq(q.cmd('object-add', {'qom-type': 'secret', 'id': 'bad'}),
         {'error': {'class': 'GenericError',
                    'desc': "Either 'file' or 'data' must be provided"}},
         'object-add secret without data')
    t.eq(q.cmd('object-add', {'qom-type': 'secret', 'id': 'bad',
                              'data': 'x', 'bogus': 1}),
         {'error': {'class': 'GenericError',
                    'desc': "Parameter 'bogus' is unexpected"}},
         'object-add unknown property')
    t.eq(q.cmd('object-add', {'id': 'bad'}),
         {'error': {'class': 'GenericError',
                    'desc': "Parameter 'qom-type' is missing"}},
         'object-add without qom-type')
    t.eq(q.cmd('object-add', {'qom-type': 'nope', 'id': 'bad'}),
         {'error': {'class': 'GenericError',
                    'desc': "Parameter 'qom-type' does not accept "
                            "value 'nope'"}},
         'object-add unknown type')
    # A secret AES-256-CBC-wrapped by the master key given on the
    # command line (the ciphertext made by openssl).
    iv = bytes(range(16))
    if shutil.which('openssl'):
        ct = subprocess.run(
            ['openssl', 'enc', '-aes-256-cbc', '-K', master_key.hex(),
             '-iv', iv.hex(), '-base64', '-A'], input=b'wrapped-secret',
            capture_output=True, check=True).stdout.decode()
        args = {'qom-type': 'secret', 'id': 's3', 'data': ct,
                'format': 'base64', 'keyid': 'master',
                'iv': base64.b64encode(iv).decode()}
        t.eq(q.cmd('object-add', args), {'return': {}},
             'object-add secret wrapped by a -object master key')
        bad = dict(args, id='bad', keyid='nope')
        t.eq(q.cmd('object-add', bad),
             {'error': {'class': 'GenericError',
                        'desc': "No secret with id 'nope'"}},
             'object-add secret with an unknown keyid')
        bad = dict(args, id='bad', data='AAAA' + ct)
        t.eq(q.cmd('object-add', bad),
             {'error': {'class': 'GenericError',
                        'desc': "Encrypted data of secret 'bad' is 19 "
                                "bytes, not a non-zero multiple of 16"}},
             'object-add secret with truncated ciphertext')
    else:
        for name in ('wrapped', 'unknown keyid', 'truncated ciphertext'):
            t.ok(True, 'object-add secret %s # SKIP no openssl' % name)
    names = {p['name'] for p in q.cmd('qom-list', path='/objects')['return']}
    t.ok({'cli0', 's0', 's1', 's2'} <= names and 'bad' not in names,
         'qom-list /objects', names)
    props = {p['name']: p['type']
             for p in q.cmd('qom-list', path='/objects/s0')['return']}
    t.ok(props.get('format') and 'data' in props and 'file' in props,
         'qom-list of a secret', props)
    t.eq(q.cmd('qom-get', path='s1', property='file'), {'return': key},
         'qom-get by partial path')
    # Secret material never comes back over the monitors.
    t.eq(q.cmd('qom-get', path='/objects/s0', property='data'),
         {'error': {'class': 'GenericError',
                    'desc': "Property 'secret.data' is not readable"}},
         'qom-get of secret data refused')
    t.eq(q.cmd('human-monitor-command',
               command_line='qom-get /objects/cli0 data'),
         {'return': "Error: Property 'secret.data' is not readable\r\n"},
         'HMP qom-get of secret data refused')
    t.eq(q.cmd('qom-get', path='/objects/s0', property='nope'),
         {'error': {'class': 'GenericError',
                    'desc': "Property 'secret.nope' not found"}},
         'qom-get unknown property')
    t.eq(q.cmd('qom-list', path='/nope'),
         {'error': {'class': 'DeviceNotFound',
                    'desc': "Device '/nope' not found"}},
         'qom-list unknown path')
    t.eq(q.cmd('object-del', id='s0'), {'return': {}}, 'object-del')
    t.eq(q.cmd('object-del', id='s0'),
         {'error': {'class': 'GenericError',
                    'desc': "object 's0' not found"}},
         'object-del twice')
    names = {p['name'] for p in q.cmd('qom-list', path='/objects')['return']}
    t.ok('s0' not in names, 'deleted object gone')
    types = {ti['name']: ti for ti in
             q.cmd('qom-list-types', implements='user-creatable')['return']}
    t.ok('secret' in types and 'none-machine' not in types,
         'qom-list-types implements=user-creatable', sorted(types))
    types = {ti['name']: ti for ti in
             q.cmd('qom-list-types', abstract=True)['return']}
    t.eq(types.get('chardev', {}).get('abstract'), True,
         'qom-list-types abstract=true')
    t.eq(types.get('chardev-socket', {}).get('parent'), 'chardev',
         'qom-list-types parent')

    # qom-set reaches the property's setter (which refuses changes once a
    # secret is loaded) and checks names and values.
    t.eq(q.cmd('qom-set', path='/objects/s1', property='file', value='x'),
         {'error': {'class': 'GenericError',
                    'desc': "Property 'file' cannot be changed after the "
                            "secret is loaded"}},
         'qom-set reaches the setter')
    t.eq(q.cmd('qom-set', path='/objects/s1', property='nope', value='x'),
         {'error': {'class': 'GenericError',
                    'desc': "Property 'secret.nope' not found"}},
         'qom-set unknown property')
    t.eq(q.cmd('qom-set', path='/objects/s1', property='format',
               value='x'),
         {'error': {'class': 'GenericError',
                    'desc': "Parameter 'format' does not accept value 'x'"}},
         'qom-set bad enum value')
    t.eq(q.cmd('qom-set', path='/nope', property='format', value='raw'),
         {'error': {'class': 'DeviceNotFound',
                    'desc': "Device '/nope' not found"}},
         'qom-set unknown path')

    # --- chardevs ---
    out = tmp.path('out.log')
    t.eq(q.cmd('chardev-add', id='c0',
               backend={'type': 'file', 'data': {'out': out}}),
         {'return': {}}, 'chardev-add file')
    t.eq(q.cmd('chardev-add', id='c1', backend={'type': 'null',
                                                'data': {}}),
         {'return': {}}, 'chardev-add null')
    rsp = q.cmd('chardev-add', id='c2', backend={'type': 'pty', 'data': {}})
    t.ok(rsp.get('return', {}).get('pty', '').startswith('/dev/pts/'),
         'chardev-add pty returns its name', rsp)
    sock = tmp.path('c3.sock')
    t.eq(q.cmd('chardev-add', id='c3', backend={
        'type': 'socket', 'data': {
            'addr': {'type': 'unix', 'data': {'path': sock}},
            'server': True, 'wait': False}}), {'return': {}},
         'chardev-add socket server')
    t.ok(os.path.exists(sock), 'socket file created')
    t.eq(q.cmd('chardev-add', id='c0',
               backend={'type': 'null', 'data': {}}),
         {'error': {'class': 'GenericError',
                    'desc': "Chardev 'c0' already exists"}},
         'chardev-add duplicate')
    t.eq(q.cmd('chardev-add', id='c9', backend={
        'type': 'file', 'data': {'out': '/nonexistent/dir/x'}}),
         {'error': {'class': 'GenericError',
                    'desc': "Could not open '/nonexistent/dir/x': "
                            "No such file or directory"}},
         'chardev-add file in a missing directory')
    t.eq(q.cmd('chardev-add', id='c9', backend={
        'type': 'socket', 'data': {
            'addr': {'type': 'unix', 'data': {'path': tmp.path('none')}}}}),
         {'error': {'class': 'GenericError',
                    'desc': "Failed to connect to '%s': No such file or "
                            "directory" % tmp.path('none')}},
         'chardev-add socket client without server')
    infos = {c['label']: c for c in q.cmd('query-chardev')['return']}
    t.eq(infos.get('c0'), {'label': 'c0', 'filename': 'file:' + out,
                           'frontend-open': False}, 'query-chardev file')
    t.eq(infos.get('c3', {}).get('filename'), 'unix:%s,server=on' % sock,
         'query-chardev socket')
    t.ok('c9' not in infos, 'failed chardev-add leaves nothing')
    mon = [c for c in infos.values() if c['label'].startswith('compat_monitor')]
    t.ok(mon and mon[0]['frontend-open'], 'monitor chardev frontend-open')
    t.eq(q.cmd('chardev-remove', id='c0'), {'return': {}}, 'chardev-remove')
    t.eq(q.cmd('chardev-remove', id='c0'),
         {'error': {'class': 'GenericError',
                    'desc': "Chardev 'c0' not found"}},
         'chardev-remove twice')
    t.eq(q.cmd('chardev-remove', id=mon[0]['label']),
         {'error': {'class': 'GenericError',
                    'desc': "Chardev '%s' is busy" % mon[0]['label']}},
         'chardev-remove of a monitor chardev')
    t.eq(q.cmd('chardev-remove', id='c3'), {'return': {}},
         'chardev-remove socket')
    t.ok(not os.path.exists(sock), 'socket file removed')

    # --- human-monitor-command ---
    t.eq(q.cmd('human-monitor-command', command_line='info status'),
         {'return': 'VM status: running\r\n'}, 'hmc info status')
    t.eq(q.cmd('human-monitor-command', command_line='info name'),
         {'return': 'test-vm\r\n'}, 'hmc info name')
    t.eq(q.cmd('human-monitor-command', command_line='nope'),
         {'return': "unknown command: 'nope'\r\n"}, 'hmc unknown command')
    t.eq(q.cmd('human-monitor-command',
               command_line='object_add secret,id=h0,data=x'),
         {'return': ''}, 'hmc object_add')
    t.eq(q.cmd('qom-get', path='/objects/h0', property='format'),
         {'return': 'raw'}, 'object added by HMP visible in QMP')
    t.eq(q.cmd('human-monitor-command', command_line='object_del h0'),
         {'return': ''}, 'hmc object_del')
    t.eq(q.cmd('human-monitor-command', command_line='object_del h0'),
         {'return': "Error: object 'h0' not found\r\n"},
         'hmc object_del error')
    t.eq(q.cmd('human-monitor-command'),
         {'error': {'class': 'GenericError',
                    'desc': "Parameter 'command-line' is missing"}},
         'hmc without command-line')
finally:
    status = vm.shutdown()
    t.eq(status, 0, 'quit: exit status 0')

# quit: the response, then SHUTDOWN, then exit 0.
vm = Vm(tmp, name='quit')
t.eq(vm.qmp.cmd('quit'), {'return': {}}, 'quit response')
ev = vm.qmp.event('SHUTDOWN')
t.eq(ev.get('data'), {'guest': False, 'reason': 'host-qmp-quit'},
     'SHUTDOWN event after quit')
status, _, err = vm.wait()
t.eq((status, err), (0, ''), 'exit status 0 after quit, nothing on stderr')
vm.qmp.close()

# SIGTERM: SHUTDOWN with reason host-signal, a message, exit 0.
vm = Vm(tmp, name='term')
vm.proc.send_signal(signal.SIGTERM)
ev = vm.qmp.event('SHUTDOWN')
t.eq(ev.get('data'), {'guest': False, 'reason': 'host-signal'},
     'SHUTDOWN event after SIGTERM')
status, _, err = vm.wait()
t.eq(status, 0, 'exit status 0 after SIGTERM')
t.ok(err.startswith('qemu-system-x86_64: terminating on signal 15 from pid '),
     'SIGTERM message', err)
vm.qmp.close()
tmp.cleanup()
t.done()
