"""Start-up as a user sees it: `bin/interpreters -c 'print(1)'` from the command's start to its
first output and to its end, in three ways, with CPython 3.13 (from pyenv) in the same run:

    cold, plain        INTERPRETERS4J_WARM_START=0 INTERPRETERS4J_AOT=0 (the build's JDK and flags)
    cold, fast start   INTERPRETERS4J_WARM_START=0 (the JDK's AOT cache on the jlinked image)
    warm start         a spare JVM booted ahead (see docs/configuration.md), waited for until ready

    python3 benchmarks/warm_start.py [ROUNDS]      (any Python 3; default 3 rounds)

Each row: first output, end, and the CPU time the command's process tree used until its end (a
warm start's spare did its boot before the command started: that CPU is not the user's wait, and
is printed apart as the spare's boot, measured from its start to 'ready'). The load average is
printed with every row. Spares go to a private temporary directory, removed at the end.
"""
import glob
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
LAUNCHER = os.path.join(HERE, '..', 'bin', 'interpreters')


def find_cpython():
    found = sorted(glob.glob(os.path.expanduser('~/.pyenv/versions/3.13*/bin/python3')))
    return found[-1] if found else None


def timed(cmd, env):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, env=env)
    p.stdout.readline()
    first = time.perf_counter() - t0
    p.stdout.read()
    p.wait()
    end = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return first, end, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)


def ready_spare(warm_dir, timeout=300):
    """Seconds until a spare in warm_dir has booted (its 'ready' file), from when this was called."""
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout:
        if glob.glob(os.path.join(warm_dir, 'interpreters4j-*', 'spare.*', 'ready')):
            return time.perf_counter() - t0
        time.sleep(0.05)
    raise SystemExit('no spare became ready within %d s' % timeout)


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    cmd = [LAUNCHER, '-c', 'print(1)']
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL,
                   env=dict(os.environ, INTERPRETERS4J_WARM_START='0'))  # builds first if needed
    warm_dir = tempfile.mkdtemp(prefix='i4j-warm-')
    base = dict(os.environ, XDG_RUNTIME_DIR=warm_dir, INTERPRETERS4J_WARM_IDLE='120')
    modes = [('cold, plain', dict(base, INTERPRETERS4J_WARM_START='0', INTERPRETERS4J_AOT='0')),
             ('cold, fast start', dict(base, INTERPRETERS4J_WARM_START='0')),
             ('warm start', base)]
    cpython = find_cpython()
    print('bin/interpreters -c "print(1)": first output, end, CPU of the command (load average)')
    try:
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=base)  # leaves the first spare
        for r in range(rounds):
            for label, env in modes:
                boot = ''
                if label == 'warm start':
                    boot = ' (its spare: ready %.1f s after this round began waiting)' % ready_spare(warm_dir)
                load = os.getloadavg()[0]
                first, end, cpu = timed(cmd, env)
                print('  %-17s first output %6.2f s, end %6.2f s, CPU %5.1f s (load %.1f)%s'
                      % (label, first, end, cpu, load, boot), flush=True)
            if cpython:
                load = os.getloadavg()[0]
                first, end, cpu = timed([cpython, '-c', 'print(1)'], os.environ)
                print('  %-17s first output %6.2f s, end %6.2f s, CPU %5.1f s (load %.1f)'
                      % ('CPython 3.13', first, end, cpu, load), flush=True)
    finally:
        for wrapper in glob.glob(os.path.join(warm_dir, 'interpreters4j-*', 'spare.*', 'wrapper')):
            try:
                pid = int(open(wrapper).read())
                for child in open('/proc/%d/task/%d/children' % (pid, pid)).read().split():
                    os.kill(int(child), 15)
            except (OSError, ValueError):
                pass
        shutil.rmtree(warm_dir, ignore_errors=True)


if __name__ == '__main__':
    main()
