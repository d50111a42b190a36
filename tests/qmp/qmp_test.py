"""Helpers of the monitor scenario tests: start qemu-system-x86_64 with a
QMP (or HMP) monitor on a Unix socket, talk to it, and print TAP.

Python 3 standard library only. The binary comes from argv[1] or the
environment variable QEMU_SYSTEM.
"""
import json
import os
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import time

TIMEOUT = 10.0


def binary():
    path = sys.argv[1] if len(sys.argv) > 1 else \
        os.environ.get('QEMU_SYSTEM', 'qemu-system-x86_64')
    # A relative path must survive the tests' changes of directory.
    return os.path.abspath(path) if os.sep in path else path


class Tap:
    """TAP output: ok N name / not ok N name, the plan at the end."""

    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, name, diag=None):
        self.n += 1
        print('%s %d %s' % ('ok' if cond else 'not ok', self.n, name))
        if not cond:
            self.failed += 1
            if diag is not None:
                for line in str(diag).splitlines():
                    print('# ' + line)
        sys.stdout.flush()
        return cond

    def eq(self, got, want, name):
        return self.ok(got == want, name,
                       'got:  %r\nwant: %r' % (got, want))

    def done(self):
        print('1..%d' % self.n)
        sys.exit(1 if self.failed else 0)


class Tmp:
    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix='qmp-test-')

    def path(self, name):
        return os.path.join(self.dir, name)

    def cleanup(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def connect_unix(path, timeout=TIMEOUT):
    deadline = time.monotonic() + timeout
    while True:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            s.connect(path)
            return s
        except OSError:
            s.close()
            if time.monotonic() > deadline:
                raise
            time.sleep(0.02)


class LineSocket:
    """A socket read line by line or up to a marker, with a deadline."""

    def __init__(self, sock):
        self.sock = sock
        self.buf = b''

    def send(self, data):
        if isinstance(data, str):
            data = data.encode()
        self.sock.sendall(data)

    def _fill(self, deadline):
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError('no answer within %ss' % TIMEOUT)
        r, _, _ = select.select([self.sock], [], [], left)
        if not r:
            raise TimeoutError('no answer within %ss' % TIMEOUT)
        data = self.sock.recv(65536)
        if not data:
            raise EOFError('connection closed')
        self.buf += data

    def read_until(self, marker, timeout=TIMEOUT):
        if isinstance(marker, str):
            marker = marker.encode()
        deadline = time.monotonic() + timeout
        while marker not in self.buf:
            self._fill(deadline)
        i = self.buf.index(marker) + len(marker)
        out, self.buf = self.buf[:i], self.buf[i:]
        return out.decode(errors='replace')

    def readline(self, timeout=TIMEOUT):
        return self.read_until(b'\n', timeout)

    def close(self):
        self.sock.close()


class QMP:
    """A QMP connection: greeting, commands, events."""

    def __init__(self, path, negotiate=True):
        self.conn = LineSocket(connect_unix(path))
        self.events = []
        self.greeting = json.loads(self.conn.readline())
        if negotiate:
            rsp = self.cmd('qmp_capabilities')
            assert rsp == {'return': {}}, rsp

    def send_raw(self, text):
        self.conn.send(text)

    def recv(self):
        """The next message that is not an event (events are kept)."""
        while True:
            msg = json.loads(self.conn.readline())
            if 'event' in msg:
                self.events.append(msg)
                continue
            return msg

    def cmd_obj(self, obj):
        self.conn.send(json.dumps(obj) + '\n')
        return self.recv()

    def cmd(self, name, args=None, **kwargs):
        req = {'execute': name}
        if args is None and kwargs:
            args = {k.replace('_', '-'): v for k, v in kwargs.items()}
        if args is not None:
            req['arguments'] = args
        return self.cmd_obj(req)

    def event(self, name, timeout=TIMEOUT):
        """Wait for event @name (received before or after this call)."""
        deadline = time.monotonic() + timeout
        while True:
            for i, ev in enumerate(self.events):
                if ev['event'] == name:
                    return self.events.pop(i)
            left = deadline - time.monotonic()
            msg = json.loads(self.conn.readline(timeout=max(left, 0.01)))
            if 'event' in msg:
                self.events.append(msg)
            else:
                raise AssertionError('unexpected message %r' % msg)

    def close(self):
        self.conn.close()


class HMP:
    """An HMP connection: the banner, then commands answered by a prompt."""

    PROMPT = '(qemu) '

    def __init__(self, path):
        self.conn = LineSocket(connect_unix(path))
        self.banner = self.conn.read_until(self.PROMPT)

    def cmd(self, line):
        """Run @line; return what it printed (without the echo and the
        prompt). The monitor echoes what is typed on its line editor."""
        self.conn.send(line + '\r')
        out = self.conn.read_until(self.PROMPT)
        out = out[:-len(self.PROMPT)]
        # The echo of the line is everything up to the first CR LF.
        echo, _, rest = out.partition('\r\n')
        return rest

    def close(self):
        self.conn.close()


class Vm:
    """qemu-system-x86_64 -M none with a QMP socket (and more options)."""

    def __init__(self, tmp, args=(), qmp=True, hmp=False, name='vm'):
        self.tmp = tmp
        self.qmp_path = tmp.path(name + '-qmp.sock')
        self.hmp_path = tmp.path(name + '-hmp.sock')
        cmd = [binary(), '-M', 'none', '-display', 'none', '-nodefaults']
        if qmp:
            cmd += ['-qmp', 'unix:%s,server=on,wait=off' % self.qmp_path]
        if hmp:
            cmd += ['-monitor', 'unix:%s,server=on,wait=off' % self.hmp_path]
        cmd += list(args)
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        self.qmp = QMP(self.qmp_path) if qmp else None

    def hmp(self):
        return HMP(self.hmp_path)

    def wait(self, timeout=TIMEOUT):
        """Wait for the exit: (status, stdout, stderr)."""
        try:
            out, err = self.proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, err = self.proc.communicate()
            return None, out, err
        return self.proc.returncode, out, err

    def shutdown(self):
        if self.proc.poll() is None:
            try:
                if self.qmp:
                    self.qmp.cmd('quit')
            except Exception:
                pass
            status, _, _ = self.wait()
            if status is None:
                self.proc.kill()
        if self.qmp:
            self.qmp.close()
        return self.proc.returncode


def run(args, timeout=TIMEOUT):
    """Run the binary to completion: (status, stdout, stderr)."""
    proc = subprocess.run([binary()] + list(args), stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=timeout)
    return proc.returncode, proc.stdout, proc.stderr
