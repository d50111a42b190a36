#!/usr/bin/env python3
"""HMP on a Unix socket: banner, prompt, commands as thin formatters over
QMP, errors, line editing and history."""
from qmp_test import Tap, Tmp, Vm

t = Tap()
tmp = Tmp()
vm = Vm(tmp, hmp=True, args=['-name', 'hmp-vm'])
q = vm.qmp
try:
    h = vm.hmp()
    t.eq(h.banner, "QEMU 7.2.0 monitor - type 'help' for more "
         "information\r\n(qemu) ", 'banner and prompt')
    t.eq(h.cmd('info status'), 'VM status: running\r\n', 'info status')
    t.eq(h.cmd('info version'), '7.2.0\r\n', 'info version')
    t.eq(h.cmd('info name'), 'hmp-vm\r\n', 'info name')
    t.eq(h.cmd('stop'), '', 'stop')
    t.eq(q.event('STOP')['event'], 'STOP', 'HMP stop emits STOP on QMP')
    t.eq(h.cmd('info status'), 'VM status: paused\r\n', 'paused')
    t.eq(h.cmd('c'), '', 'cont (alias c)')
    q.event('RESUME')
    t.eq(h.cmd('system_reset'), '', 'system_reset')
    t.eq(q.event('RESET')['data']['reason'], 'host-qmp-system-reset',
         'HMP system_reset emits RESET')
    t.eq(h.cmd('object_add secret,id=s0,data=abc'), '', 'object_add')
    t.eq(h.cmd('qom-get /objects/s0 format'), '"raw"\r\n', 'qom-get')
    t.eq(h.cmd('object_add secret,id=s0,data=abc'),
         "Error: object 's0' already exists\r\n", 'object_add duplicate')
    t.eq(h.cmd('object_add secret,id=s1'),
         "Error: Either 'file' or 'data' must be provided\r\n",
         'object_add error')
    t.ok('s0 (child<secret>)\r\n' in h.cmd('qom-list /objects'),
         'qom-list')
    t.eq(h.cmd('qom-get /machine'),
         'qom-get: string expected\r\nTry "help qom-get" for more '
         'information\r\n', 'missing argument')
    t.eq(h.cmd('qom-list /nope'), "Error: Device '/nope' not found\r\n",
         'qom-list unknown path')
    t.eq(h.cmd('object_del s0'), '', 'object_del')
    t.eq(h.cmd('object_del s0'), "Error: object 's0' not found\r\n",
         'object_del twice')
    t.eq(h.cmd('frobnicate'), "unknown command: 'frobnicate'\r\n",
         'unknown command')
    t.eq(h.cmd('info frob'), "unknown command: 'info frob'\r\n",
         'unknown info command')
    tree = h.cmd('info qom-tree')
    t.eq(tree, '/machine (none-machine)\r\n', 'info qom-tree')
    t.ok('/chardevs (container)' in h.cmd('info qom-tree /'),
         'info qom-tree /')
    chardevs = h.cmd('info chardev')
    t.ok('compat_monitor1: filename=unix:' in chardevs, 'info chardev',
         chardevs)
    helptext = h.cmd('help')
    for name in ('info', 'object_add', 'object_del', 'stop|s', 'cont|c',
                 'quit|q', 'system_reset', 'system_powerdown', 'qom-list',
                 'qom-get', 'qom-set'):
        t.ok('\r\n' + name + ' ' in '\r\n' + helptext, 'help lists ' + name)
    t.ok('info status  -- show the current VM status' in h.cmd('help info'),
         'help info')

    # Line editing: typed "info statux", backspace, "s"; the echo shows
    # the edits, the command is the corrected line.
    out = h.cmd('info statux\x7fs')
    t.eq(out, 'VM status: running\r\n', 'backspace edits the line')
    # Cursor left (ESC [ D) and insert: "info stats" -> "info status"
    out = h.cmd('info stats\x1b[Du')
    t.eq(out, 'VM status: running\r\n', 'cursor movement and insert')
    # History: up arrow recalls the previous line.
    h.cmd('info name')
    out = h.cmd('\x1b[A')
    t.eq(out, 'hmp-vm\r\n', 'history: up arrow repeats the last command')
    # Tab completion of a unique command name.
    out = h.cmd('system_po\t')
    t.eq(out, '', 'tab completion runs system_powerdown')
    t.eq(q.event('POWERDOWN')['event'], 'POWERDOWN',
         'completed command ran')

    h.conn.send('quit\r')
    ev = q.event('SHUTDOWN')
    t.eq(ev['data'], {'guest': False, 'reason': 'host-qmp-quit'},
         'HMP quit: SHUTDOWN')
    status, _, _ = vm.wait()
    t.eq(status, 0, 'HMP quit: exit status 0')
    h.close()
finally:
    vm.shutdown()
    tmp.cleanup()
t.done()
