# A warm start's hand-over (WarmStart.java): run once in the main interpreter of a pre-booted
# process, just before the program of the client `pid` runs. The process takes on what the client
# would have passed to a process it exec'd: its stdio, working directory, umask and environment.
# GraalPy's native POSIX backend makes these the real process's fds, cwd and environ. The spare
# rehearses it on itself while it boots (handover false), so that a client's hand-over runs code
# that has run before: the first run of this code took 5 s of a cold context.

def _adopt(pid, cwd, env, prefix, umask, handover):
    """`prefix`: sys.path's first entries joined by NUL (PythonRuntime.sysPathPrefix), or None.
    `handover`: the real hand-over, which also closes the hand-over's FIFOs (fds 3 and 4)."""
    import os
    import stat
    import sys
    proc = '/proc/%d/' % pid
    # The command hands over only stdio that behaves the same opened anew (bin/warm-start.bash):
    # pipes, terminals, devices, files in append mode; `2>&1` onto a file keeps one open file.
    opened = {}  # (st_dev, st_ino) of a regular file -> the fd it is on now
    for fd in (0, 1, 2):
        link = proc + 'fd/%d' % fd
        try:
            st = os.stat(link)
        except OSError:
            os.close(fd)  # closed in the command: closed for its program too
            continue
        ident = (st.st_dev, st.st_ino)
        if ident in opened:
            os.dup2(opened[ident], fd)
            continue
        flags = 0
        with open(proc + 'fdinfo/%d' % fd) as f:
            for line in f:
                key, _, value = line.partition(':')
                if key == 'flags':
                    flags = int(value.strip(), 8)
        # The same access mode and append flag; never the terminal as controlling tty (the
        # command keeps it, and passes on the signals the terminal sends).
        new = os.open(link, (flags & (os.O_ACCMODE | os.O_APPEND)) | os.O_NOCTTY)
        os.dup2(new, fd)
        os.close(new)
        if stat.S_ISREG(st.st_mode):
            opened[ident] = fd
    for fd in (3, 4) if handover else ():  # the hand-over's FIFOs (the wrapper keeps its own)
        try:
            os.close(fd)
        except OSError:
            pass
    os.chdir(cwd)
    os.umask(umask)
    os.environ.clear()
    for entry in env.split('\0'):
        name, eq, value = entry.partition('=')
        if eq and name:
            os.environ[name] = value
    if prefix is not None:
        # The program's directory, then PYTHONPATH: the order _boot.py gives a cold start.
        parts = prefix.split('\0')
        sys.path[0:0] = parts[:1] + [p for p in parts[1:] if p not in sys.path]
