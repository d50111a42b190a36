#!/usr/bin/env python3
"""Block nodes over QMP and -blockdev: a LUKS image opens with the right
key secret, a wrong key fails with a clear error and leaves the node list
unchanged, blockdev-del, and start-up errors."""
import ctypes
import os
import subprocess

from qmp_test import Tap, Tmp, Vm, run

t = Tap()
tmp = Tmp()
P = 'qemu-system-x86_64: '
qemu_img = os.environ.get('QEMU_IMG', 'qemu-img')
img = tmp.path('disk.luks')
raw = tmp.path('disk.raw')
proc = subprocess.run([qemu_img, 'create', '-f', 'luks', '--object',
                       'secret,id=s0,data=letmein', '-o',
                       'key-secret=s0,iter-time=10', img, '4M'],
                      capture_output=True, text=True)
t.eq(proc.returncode, 0, 'qemu-img creates a LUKS image')
with open(raw, 'wb') as f:
    f.truncate(1 << 20)


def nodes(q):
    return [(n.get('node-name'), n['drv'], n['encrypted'], n['ro'])
            for n in q.cmd('query-named-block-nodes')['return']
            if not n.get('node-name', '').startswith('#')]


def luks(node, secret):
    return {'driver': 'luks', 'node-name': node, 'key-secret': secret,
            'file': {'driver': 'file', 'filename': img}}


vm = Vm(tmp, args=['-object', 'secret,id=good,data=letmein',
                   '-object', 'secret,id=bad,data=wrong',
                   '-blockdev', 'driver=raw,node-name=r0,file.driver=file,'
                   'file.filename=%s,read-only=on' % raw])
q = vm.qmp
try:
    t.eq(nodes(q), [('r0', 'raw', False, True)], '-blockdev at start-up')
    t.eq(q.cmd('blockdev-add', luks('d0', 'bad')),
         {'error': {'class': 'GenericError',
                    'desc': "Invalid password, cannot unlock any keyslot "
                            "with secret 'bad'"}},
         'blockdev-add with the wrong key fails')
    t.eq(nodes(q), [('r0', 'raw', False, True)],
         'wrong key leaves query-named-block-nodes unchanged')
    t.eq(q.cmd('blockdev-add', luks('d0', 'good')), {'return': {}},
         'blockdev-add LUKS with the right key')
    t.eq(nodes(q), [('r0', 'raw', False, True), ('d0', 'luks', True, False)],
         'LUKS node listed, encrypted')
    t.eq(q.cmd('query-status')['return']['status'], 'running',
         'adding an encrypted image does not pause the machine')
    t.eq(q.cmd('blockdev-add', luks('d1', 'nope')),
         {'error': {'class': 'GenericError',
                    'desc': "No secret with id 'nope'"}},
         'blockdev-add with an unknown secret')
    bad = luks('d1', 'good')
    del bad['node-name']
    t.eq(q.cmd('blockdev-add', bad),
         {'error': {'class': 'GenericError',
                    'desc': "'node-name' must be specified for the root "
                            "node"}}, 'blockdev-add without node-name')
    t.eq(q.cmd('blockdev-add', {'driver': 'null-co', 'node-name': 'd0'}),
         {'error': {'class': 'GenericError',
                    'desc': "Duplicate nodes with node-name='d0'"}},
         'blockdev-add duplicate node-name')
    t.eq(q.cmd('blockdev-add', {'driver': 'nope', 'node-name': 'x'}),
         {'error': {'class': 'GenericError',
                    'desc': "Parameter 'driver' does not accept value "
                            "'nope'"}}, 'blockdev-add unknown driver')
    t.eq(q.cmd('blockdev-add', {'driver': 'file', 'node-name': 'x'}),
         {'error': {'class': 'GenericError',
                    'desc': "Parameter 'filename' is missing"}},
         'blockdev-add missing filename')
    t.eq(q.cmd('human-monitor-command', command_line='info block -n'),
         {'return': 'r0: %s (raw, read-only)\r\nd0: %s (luks, encrypted)\r\n'
                    % (raw, img)}, 'HMP info block -n')
    t.eq(q.cmd('human-monitor-command', command_line='info block'),
         {'return': ''}, 'HMP info block: no devices')
    t.eq(q.cmd('blockdev-del', node_name='nope'),
         {'error': {'class': 'GenericError',
                    'desc': "Failed to find node with node-name='nope'"}},
         'blockdev-del unknown node')
    t.eq(q.cmd('blockdev-del', node_name='d0'), {'return': {}},
         'blockdev-del')
    t.eq(nodes(q), [('r0', 'raw', False, True)], 'deleted node gone')
    t.eq(q.cmd('query-block'), {'return': []}, 'query-block: no devices')
finally:
    t.eq(vm.shutdown(), 0, 'quit')

for args, want in [
    (['-object', 'secret,id=bad,data=wrong', '-blockdev',
      'driver=luks,node-name=d,key-secret=bad,file.driver=file,'
      'file.filename=' + img],
     P + '-blockdev driver=luks,node-name=d,key-secret=bad,file.driver=file,'
     "file.filename=%s: Invalid password, cannot unlock any keyslot with "
     "secret 'bad'\n" % img),
    (['-blockdev', 'driver=raw,file.driver=file,file.filename=' + raw],
     P + '-blockdev driver=raw,file.driver=file,file.filename=%s: '
     "'node-name' must be specified for the root node\n" % raw),
    (['-blockdev', 'driver=file,node-name=f,filename=/nonexistent/x'],
     P + '-blockdev driver=file,node-name=f,filename=/nonexistent/x: '
     "Could not open '/nonexistent/x': No such file or directory\n"),
    (['-drive', 'file=x,if=none'],
     P + "-drive file=x,if=none: Parameter 'id' is missing\n"),
    (['-drive', 'file=%s' % img],
     P + '-drive file=%s: only if=none is supported (the machine has no '
     'disk controllers yet)\n' % img),
    (['-object', 'secret,id=bad,data=wrong', '-drive',
      'if=none,id=d0,format=luks,key-secret=bad,file=' + img],
     P + '-drive if=none,id=d0,format=luks,key-secret=bad,file=%s: Invalid '
     "password, cannot unlock any keyslot with secret 'bad'\n" % img),
    (['-drive', 'if=none,id=d0,format=raw,media=cdrom,file=' + raw],
     P + "-drive if=none,id=d0,format=raw,media=cdrom,file=%s: -drive "
     "option 'media' is not supported yet\n" % raw),
    (['-drive', 'if=none,id=d0,format=raw,file=%s' % raw,
      '-drive', 'if=none,id=d0,format=raw,readonly=on,file=%s' % raw],
     P + "-drive if=none,id=d0,format=raw,readonly=on,file=%s: Duplicate "
     "ID 'd0' for drive\n" % raw),
]:
    status, out, err = run(['-M', 'none', '-display', 'none', '-nodefaults']
                           + args)
    t.eq((status, err), (1, want), 'start-up error: %s' % args[-1][:40])

# -drive if=none: a LUKS image with its key secret opens at start-up (the
# machine runs), as a block backend listed by query-block.
vm = Vm(tmp, name='drive', args=[
    '-object', 'secret,id=good,data=letmein',
    '-drive', 'if=none,id=disk0,format=luks,key-secret=good,file=' + img,
    '-drive', 'if=none,id=disk1,format=raw,readonly=on,file=' + raw])
blocks = vm.qmp.cmd('query-block')['return']
t.eq([(b['device'], b['inserted']['drv'], b['inserted']['encrypted'],
       b['inserted']['ro'], b['inserted']['file']) for b in blocks],
     [('disk0', 'luks', True, False, img), ('disk1', 'raw', False, True, raw)],
     '-drive if=none: query-block')
t.eq(vm.qmp.cmd('query-status')['return']['status'], 'running',
     '-drive with an encrypted image: the machine runs')
t.eq(vm.qmp.cmd('human-monitor-command', command_line='info block'),
     {'return': 'disk0: %s\r\ndisk1: %s\r\n' % (img, raw)},
     'HMP info block')
t.eq(vm.qmp.cmd('human-monitor-command',
                command_line='drive_add 0 if=none,id=disk2,format=raw,'
                             'file=' + raw),
     {'return': 'OK\r\n'}, 'HMP drive_add')
t.eq(vm.qmp.cmd('human-monitor-command',
                command_line='drive_add 0 if=none,id=disk2,format=raw,'
                             'file=' + raw),
     {'return': "Error: Duplicate ID 'disk2' for drive\r\n"},
     'HMP drive_add duplicate')
t.eq(len(vm.qmp.cmd('query-block')['return']), 3, 'drive_add listed')
t.eq(vm.shutdown(), 0, 'quit')

# The key in the kernel keyring (secret_keyring): add_key(2) into the user
# keyring, which the emulator (same user) can read.
SYS_add_key, SYS_keyctl, KEYCTL_UNLINK, KEY_SPEC_USER_KEYRING = \
    248, 250, 9, -4
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
payload = b'letmein'
serial = libc.syscall(SYS_add_key, b'user', b'qmp-test-luks', payload,
                      len(payload), ctypes.c_int(KEY_SPEC_USER_KEYRING))
names = ('secret_keyring object-add', 'LUKS opened with a keyring secret',
         'secret_keyring with an unknown serial')
if serial > 0:
    vm = Vm(tmp, name='keyring')
    q = vm.qmp
    t.eq(q.cmd('object-add', {'qom-type': 'secret_keyring', 'id': 'k0',
                              'serial': serial}), {'return': {}}, names[0])
    t.eq(q.cmd('blockdev-add', luks('k', 'k0')), {'return': {}}, names[1])
    rsp = q.cmd('object-add', {'qom-type': 'secret_keyring', 'id': 'k1',
                               'serial': 1})
    t.ok('error' in rsp and 'k1' not in
         [p['name'] for p in q.cmd('qom-list', path='/objects')['return']],
         names[2], rsp)
    t.eq(vm.shutdown(), 0, 'quit')
    libc.syscall(SYS_keyctl, KEYCTL_UNLINK, ctypes.c_long(serial),
                 ctypes.c_int(KEY_SPEC_USER_KEYRING))
else:
    for name in names + ('quit',):
        t.ok(True, name + ' # SKIP add_key: ' +
             os.strerror(ctypes.get_errno()))

# -blockdev in JSON form.
vm = Vm(tmp, name='json', args=[
    '-object', 'secret,id=good,data=letmein', '-blockdev',
    '{"driver": "luks", "node-name": "j0", "key-secret": "good", '
    '"file": {"driver": "file", "filename": "%s"}}' % img])
t.eq(nodes(vm.qmp), [('j0', 'luks', True, False)], '-blockdev JSON form')
t.eq(vm.shutdown(), 0, 'quit')
tmp.cleanup()
t.done()
