#!/usr/bin/env python3
"""qemu-system-x86_64 command line: -version, -h, -machine help, errors at
start-up (status 1, a message naming the option), -daemonize + -pidfile,
-chardev variants."""
import os
import signal
import subprocess
import time

from qmp_test import QMP, Tap, Tmp, binary, run

t = Tap()
tmp = Tmp()
P = 'qemu-system-x86_64: '
base = ['-M', 'none', '-display', 'none', '-nodefaults']

status, out, err = run(['-version'])
t.eq((status, out.splitlines()[0]), (0, 'QEMU emulator version 7.2.0'),
     '-version')
status, out, err = run(['-h'])
t.ok(status == 0 and '-qmp dev' in out and '-object TYPENAME' in out and
     '-daemonize' in out, '-h lists the options')
status, out, err = run(['-machine', 'help'])
t.eq((status, out), (0, 'Supported machines are:\n'
                        'none                 empty machine\n'),
     '-machine help')
status, out, err = run(['-object', 'help'])
t.ok(status == 0 and 'secret' in out, '-object help')
status, out, err = run(['-chardev', 'help'])
t.eq((status, out.split('\n')[0]), (0, 'Available chardev backend types: '),
     '-chardev help')
t.ok('  socket\n' in out and '  mux\n' in out, '-chardev help lists backends')

sock = tmp.path('x.sock')
errors = [
    (['-frobnicate'], P + '-frobnicate: invalid option\n'),
    (['-object'], P + '-object: requires an argument\n'),
    (['-machine', 'pc99'], P + '-machine pc99: unsupported machine type\n'
     'Use -machine help to list supported machines\n'),
    (['-object', 'secret,id=s0'], P + "-object secret,id=s0: Either 'file' "
     "or 'data' must be provided\n"),
    (['-object', 'qom-type=nope,id=x'], P + "-object qom-type=nope,id=x: "
     "Parameter 'qom-type' does not accept value 'nope'\n"),
    (['-object', '{"qom-type": "secret", "id": "s0"}'],
     P + '-object {"qom-type": "secret", "id": "s0"}: Either \'file\' or '
     '\'data\' must be provided\n'),
    (['-object', 'secret,data=x'], P + "-object secret,data=***: Parameter "
     "'id' is missing\n"),
    (['-chardev', 'null,id=x,foo=bar'],
     P + "-chardev null,id=x,foo=bar: Invalid parameter 'foo'\n"),
    (['-chardev', 'null'], P + '-chardev null: chardev: no id specified\n'),
    (['-chardev', 'bogus,id=x'],
     P + "-chardev bogus,id=x: 'bogus' is not a valid char driver name\n"),
    (['-chardev', 'file,id=x'],
     P + '-chardev file,id=x: chardev: file: no filename given\n'),
    (['-chardev', 'socket,id=x,host=localhost'],
     P + '-chardev socket,id=x,host=localhost: chardev: socket: no port '
     'given\n'),
    (['-chardev', 'socket,id=x,path=%s,server=on,wait=maybe' % sock],
     P + "-chardev socket,id=x,path=%s,server=on,wait=maybe: Parameter "
     "'wait' expects 'on' or 'off'\n" % sock),
    (['-chardev', 'socket,id=x,path=/nonexistent/s'],
     P + "-chardev socket,id=x,path=/nonexistent/s: Failed to connect to "
     "'/nonexistent/s': No such file or directory\n"),
    (['-chardev', 'null,id=1x'], P + "-chardev null,id=1x: Parameter 'id' "
     "expects an identifier\nIdentifiers consist of letters, digits, '-', "
     "'.', '_', starting with a letter.\n"),
    (['-chardev', 'null,id=x', '-chardev', 'null,id=x'],
     P + "-chardev null,id=x: Chardev 'x' already exists\n"),
    (['-mon', 'chardev=nope'], P + '-mon chardev=nope: chardev "nope" not '
     'found\n'),
    (['-chardev', 'null,id=m', '-mon', 'chardev=m,mode=bad'],
     P + "-mon chardev=m,mode=bad: Parameter 'mode' does not accept value "
     "'bad'\n"),
    (['-qmp', 'foo:bar'], P + "-qmp foo:bar: 'foo:bar' is not a valid char "
     "driver name\n"),
    (['-pidfile', '/nonexistent/x.pid'], P + "cannot create PID file: Could "
     "not create '/nonexistent/x.pid': No such file or directory\n"),
    (['-display', 'gtk'], P + "-display gtk: Display 'gtk' is not "
     "available.\n"),
    (['-nographic', '-daemonize'],
     P + '-nographic cannot be used with -daemonize\n'),
    (['-serial', 'mon:stdio', '-daemonize'],
     P + '-serial mon:stdio: cannot use stdio with -daemonize\n'),
    (['-blockdev', 'driver=bogus'],
     P + "-blockdev driver=bogus: Parameter 'driver' does not accept value "
     "'bogus'\n"),
    (['disk.img'], P + 'disk.img: disk images as arguments are not '
     'supported yet, use -blockdev\n'),
]
for args, want in errors:
    status, out, err = run(base + args)
    t.eq((status, err), (1, want), 'start-up error: ' + ' '.join(args))

# -daemonize + -pidfile: the parent exits 0 once the child is ready; the
# pid file names the child, which serves QMP; quit removes the pid file.
pidfile = tmp.path('vm.pid')
qsock = tmp.path('d.sock')
status, out, err = run(base + ['-daemonize', '-pidfile', pidfile,
                               '-qmp', 'unix:%s,server=on,wait=off' % qsock])
t.eq((status, out, err), (0, '', ''), '-daemonize: parent exits 0')
pid = int(open(pidfile).read()) if os.path.exists(pidfile) else 0
t.ok(pid > 0 and os.path.exists('/proc/%d' % pid), 'pid file names a '
     'running process', pid)
t.ok(os.path.exists(qsock), 'QMP socket created before the parent exits')
q = QMP(qsock)
t.eq(q.cmd('query-status')['return']['status'], 'running',
     'daemon answers QMP')
status, out, err = run(base + ['-pidfile', pidfile])
t.eq((status, err), (1, P + "cannot create PID file: Cannot lock pid file "
                        "'%s'\n" % pidfile), 'second instance: pid file locked')
q.cmd('quit')
deadline = time.monotonic() + 10
while os.path.exists('/proc/%d' % pid) and time.monotonic() < deadline:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass
    time.sleep(0.05)
    # A zombie still has /proc/pid; check its state.
    try:
        if open('/proc/%d/stat' % pid).read().split()[2] == 'Z':
            break
    except OSError:
        break
t.ok(not os.path.exists(pidfile), 'pid file removed at exit')
q.close()

# A relative pid file name still names the file at exit (the daemon
# changes its directory to /).
proc = subprocess.run([binary()] + base + [
    '-daemonize', '-pidfile', 'rel.pid',
    '-qmp', 'unix:%s,server=on,wait=off' % qsock], cwd=tmp.dir,
    stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=10)
t.eq(proc.returncode, 0, '-daemonize with a relative -pidfile')
relpid = tmp.path('rel.pid')
pid = int(open(relpid).read()) if os.path.exists(relpid) else 0
q = QMP(qsock)
q.cmd('quit')
deadline = time.monotonic() + 10
while os.path.exists(relpid) and time.monotonic() < deadline:
    time.sleep(0.05)
t.ok(pid > 0 and not os.path.exists(relpid),
     'relative pid file removed at exit')
q.close()

# A daemon whose start-up fails: the parent reports it with status 1.
status, out, err = run(base + ['-daemonize', '-chardev', 'null'])
t.eq((status, err), (1, P + '-chardev null: chardev: no id specified\n'),
     '-daemonize: start-up error reaches the parent')

# wait=on: start-up blocks until a client connects; -S keeps it paused.
wsock = tmp.path('w.sock')
proc = subprocess.Popen([binary()] + base + [
    '-S', '-qmp', 'unix:%s,server=on' % wsock], stdin=subprocess.DEVNULL,
    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
q = QMP(wsock)
t.eq(q.cmd('query-status')['return']['status'], 'prelaunch',
     'wait=on: served after the first client connects')
q.cmd('quit')
out, err = proc.communicate(timeout=10)
t.eq(err, 'qemu-system-x86_64: -qmp unix:%s,server=on: info: QEMU waiting '
     'for connection on: disconnected:unix:%s,server=on\n' % (wsock, wsock),
     'wait=on message')
q.close()

# A client chardev with reconnect starts without its server.
rsock = tmp.path('r.sock')
qsock2 = tmp.path('q2.sock')
proc = subprocess.Popen([binary()] + base + [
    '-chardev', 'socket,id=r,path=%s,reconnect=1' % rsock,
    '-mon', 'chardev=r,mode=control',
    '-qmp', 'unix:%s,server=on,wait=off' % qsock2],
    stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
    stderr=subprocess.PIPE, text=True)
q = QMP(qsock2)
import socket
srv = socket.socket(socket.AF_UNIX)
srv.bind(rsock)
srv.listen(1)
srv.settimeout(5)
try:
    conn, _ = srv.accept()
    conn.settimeout(5)
    greeting = conn.recv(4096)
    t.ok(greeting.startswith(b'{"QMP": '),
         'reconnect: the monitor greets the server once it appears')
    conn.close()
except OSError as e:
    t.ok(False, 'reconnect: the monitor greets the server once it appears', e)
srv.close()
q.cmd('quit')
proc.communicate(timeout=10)
q.close()

# TCP: a QMP server on 127.0.0.1 with nodelay, legacy syntax.
probe = socket.socket()
probe.bind(('127.0.0.1', 0))
port = probe.getsockname()[1]
probe.close()
proc = subprocess.Popen([binary()] + base + [
    '-qmp', 'tcp:127.0.0.1:%d,server=on,wait=off,nodelay=on' % port],
    stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
    stderr=subprocess.PIPE, text=True)
deadline = time.monotonic() + 10
while True:
    try:
        conn = socket.create_connection(('127.0.0.1', port), timeout=5)
        break
    except OSError:
        if time.monotonic() > deadline:
            raise
        time.sleep(0.05)
f = conn.makefile('rwb', buffering=0)
greeting = f.readline()
t.ok(greeting.startswith(b'{"QMP": '), 'tcp server: greeting')
f.write(b'{"execute": "qmp_capabilities"}\n{"execute": "query-chardev"}\n')
f.readline()
rsp = f.readline().decode()
t.ok('"filename": "tcp:127.0.0.1:%d,server=on"' % port in rsp,
     'tcp server: query-chardev', rsp)
f.write(b'{"execute": "quit"}\n')
proc.communicate(timeout=10)
t.eq(proc.returncode, 0, 'tcp server: quit')
conn.close()

# -nographic on a terminal: the HMP monitor multiplexed on stdio, the
# terminal in raw mode while running and restored at exit; C-a x quits.
import pty
import termios
master, slave = pty.openpty()
before = termios.tcgetattr(slave)
proc = subprocess.Popen([binary(), '-M', 'none', '-nographic'],
                        stdin=slave, stdout=slave, stderr=slave,
                        start_new_session=True)


def pty_read_until(marker, timeout=10):
    import select
    data = b''
    deadline = time.monotonic() + timeout
    while marker not in data and time.monotonic() < deadline:
        r, _, _ = select.select([master], [], [], 0.1)
        if r:
            try:
                data += os.read(master, 4096)
            except OSError:
                break
    return data.decode(errors='replace')


banner = pty_read_until(b'(qemu) ')
t.ok(banner.startswith("QEMU 7.2.0 monitor - type 'help' for more "
                       "information"), '-nographic: monitor on stdio', banner)
during = termios.tcgetattr(slave)
t.ok(not during[3] & termios.ECHO and not during[3] & termios.ICANON,
     '-nographic: terminal in raw mode')
os.write(master, b'info status\r')
out = pty_read_until(b'VM status: running')
t.ok('VM status: running' in out, '-nographic: HMP command', out)
os.write(master, b'\x01x')
out = pty_read_until(b'QEMU: Terminated')
t.ok('QEMU: Terminated' in out, '-nographic: C-a x', out)
proc.wait(timeout=10)
t.eq(proc.returncode, 0, '-nographic: exit status 0 after C-a x')
after = termios.tcgetattr(slave)
t.eq(after[3], before[3], '-nographic: terminal modes restored at exit')

# The same, ended by SIGTERM: the terminal is restored too.
proc = subprocess.Popen([binary(), '-M', 'none', '-nographic'],
                        stdin=slave, stdout=slave, stderr=slave,
                        start_new_session=True)
pty_read_until(b'(qemu) ')
# An answered command means the main loop runs (signals end it cleanly
# from then on).
os.write(master, b'info status\r')
pty_read_until(b'VM status')
proc.send_signal(signal.SIGTERM)
proc.wait(timeout=10)
t.eq(proc.returncode, 0, '-nographic: exit status 0 after SIGTERM')
t.eq(termios.tcgetattr(slave)[3], before[3],
     '-nographic: terminal modes restored after SIGTERM')

# A signal while start-up waits (a server socket with wait=on) ends the
# program at once, as in QEMU, and still restores the terminal.
proc = subprocess.Popen([binary()] + base + [
    '-chardev', 'stdio,id=s0',
    '-qmp', 'unix:%s,server=on' % tmp.path('never.sock')],
    stdin=slave, stdout=slave, stderr=slave, start_new_session=True)
pty_read_until(b'QEMU waiting for connection')
t.ok(not termios.tcgetattr(slave)[3] & termios.ICANON,
     'stdio chardev: raw mode while waiting')
proc.send_signal(signal.SIGTERM)
proc.wait(timeout=10)
t.eq(proc.returncode, -signal.SIGTERM, 'SIGTERM while waiting: killed')
t.eq(termios.tcgetattr(slave)[3], before[3],
     'SIGTERM while waiting: terminal modes restored')
os.close(master)
os.close(slave)

tmp.cleanup()
t.done()
