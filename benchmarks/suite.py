"""The interpreters4j benchmark: every metric of the performance goals, our figure next to CPython 3.13's
subinterpreters, threads and multiprocessing measured in the same run, the ratio and the target;
then scaling over 1, 2, 4, 8, 16 and 64 interpreters.

    bin/interpreters benchmarks/suite.py [--quick] [--python PATH_TO_PYTHON3.13]

Runs the CPython baselines first (benchmarks/cpython_baseline.py in a subprocess, found with pyenv
unless --python is given), then the same measurements here, and prints the table. Progress goes to
stderr as it runs; a full run takes a few minutes. Linux only (reads /proc). Run it on an idle
machine: every figure shares the CPU with whatever else runs (the load average is printed).
"""
import gc
import json
import os
import statistics
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import interpreters  # noqa: E402
import _interpreters4j  # noqa: E402
import workloads  # noqa: E402
from workloads import (KERNEL_N, KERNEL_SRC, TIMED_ROUNDS_SRC, Progress, await_quiet_compiler,  # noqa: E402
                       echo_pingpong, percentile, proc_status, run_together, seconds_since_process_start, timed,
                       until_steady)

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
QUICK = '--quick' in sys.argv
SCALES = [1, 2, 4, 8, 16, 64]
NCPU = os.cpu_count() or 1
# Shortest and longest warm-up of a round-trip measurement (see workloads.until_steady).
WARM = (5.0, 20.0) if QUICK else (30.0, 90.0)
WARM_SHORT = (2.0, 10.0) if QUICK else (5.0, 30.0)
SPEEDUP_TRIES = 2 if QUICK else 5
progress = Progress('interpreters4j')


def load():
    with open('/proc/loadavg') as f:
        return ' '.join(f.read().split()[:3])


def find_cpython():
    return workloads.find_cpython(sys.argv)


def cpython_baselines():
    py = find_cpython()
    if py is None:
        progress('no CPython 3.13 found (pyenv, or --python PATH): baselines left empty')
        return {}
    progress('CPython baselines with %s (its progress follows)' % py)
    args = [py, os.path.join(HERE, 'cpython_baseline.py')] + (['--quick'] if QUICK else [])
    done = subprocess.run(args, stdout=subprocess.PIPE, text=True)  # stderr (its progress) passes through
    if done.returncode != 0:
        progress('CPython baseline failed (exit %d): baselines left empty' % done.returncode)
        return {}
    return json.loads(done.stdout.strip().splitlines()[-1])


# ------------------------------------------------------------------ our measurements

def spares_ready():
    return _interpreters4j._bridge.spareStats()[0]


def wait_for_spare(limit=60.0, count=1):
    """Lets the runtime settle: returns once `count` spare contexts are ready (or after `limit` s)."""
    end = time.perf_counter() + limit
    while spares_ready() < count and time.perf_counter() < end:
        time.sleep(0.02)


def refilled_spares(limit=60.0):
    """Waits until the spare contexts stop growing in number (the refill is done); returns it."""
    end = time.perf_counter() + limit
    n = spares_ready()
    while time.perf_counter() < end:
        time.sleep(1.0)  # longer than one context build
        now = spares_ready()
        if now == n and now > 0:
            break
        n = now
    return max(1, n)


def create_run():
    i = interpreters.create()
    i.run('pass')
    return i


def value_from(interp, src):
    """Runs src in interp; src sends one value on `out`; returns it."""
    r, s = interpreters.create_channel()
    box = []
    t = threading.Thread(target=lambda: box.append(r.recv()))
    t.start()
    interp.run(src, shared={'out': s})
    t.join()
    return box[0]


def warmed_kernel_seconds(interp, rounds):
    """Best round of the kernel after the interpreter's own warm-up (each one JIT-compiles its code)."""
    interp.run(KERNEL_SRC + TIMED_ROUNDS_SRC + '\nimport marshal')
    best = None
    for r in range(rounds):
        times = marshal_loads(value_from(interp, 'out.send(marshal.dumps(timed_rounds(1, %d)))' % KERNEL_N))
        best = times[0] if best is None else min(best, times[0])
    return best


def marshal_loads(b):
    import marshal
    return marshal.loads(b)


def kernel_in_interpreters(interps, rounds):
    # A function call, compiled once (warmed_kernel_seconds defined it), not a module-level loop,
    # which each run() would compile again while the clock runs.
    src = 'timed_rounds(%d, %d)' % (rounds, KERNEL_N)
    return run_together([lambda i=i: i.run(src) for i in interps])


def settle_heap():
    """A full collection (GraalPy's gc.collect() asks the JVM for one), so that RSS differences
    are not a young generation that happened to be full or empty."""
    gc.collect()
    time.sleep(1)


def send_buffer_time(size):
    """p50 milliseconds of send_buffer() of a shared buffer of `size` bytes to a receiving
    interpreter, warmed until steady (rounds of 200 sends), and the rounds it took."""
    sink = interpreters.create()
    r, s = interpreters.create_channel()
    t = threading.Thread(target=sink.run, args=('for view in inp:\n    view[0] = 1',), kwargs={'shared': {'inp': r}})
    t.start()
    buf = interpreters.create_buffer(size)
    lat, rounds, _ = until_steady(lambda: timed(lambda: s.send_buffer(buf), 200), progress, *WARM_SHORT)
    assert buf[0] == 1  # the receiver wrote into our memory: aliased, not copied
    s.close()
    t.join()
    sink.destroy()
    return percentile(lat, 0.5) * 1e3, rounds


def channel_throughput(interps, seconds):
    """Half the interpreters send on one channel, half receive (one interpreter: main receives)."""
    n = len(interps)
    senders = max(1, n // 2)
    receivers = n - senders
    r, s = interpreters.create_channel()
    res_r, res_s = interpreters.create_channel()
    send_src = ('import time\nend = time.perf_counter() + %r\ni = 0\n'
                'while time.perf_counter() < end:\n    out.send(i)\n    i += 1\n' % seconds)
    recv_src = 'count = 0\nfor v in inp:\n    count += 1\nres.send(count)\n'
    threads = []
    for k, i in enumerate(interps):
        if k < senders:
            threads.append(threading.Thread(target=i.run, args=(send_src,), kwargs={'shared': {'out': s}}))
        else:
            threads.append(threading.Thread(target=i.run, args=(recv_src,), kwargs={'shared': {'inp': r, 'res': res_s}}))
    for t in threads:
        t.start()
    got = 0
    if receivers == 0:
        while threads[0].is_alive():
            try:
                r.recv(timeout=0.2)
                got += 1
            except interpreters.ChannelEmptyError:
                pass
    for t in threads[:senders]:
        t.join()
    if receivers:
        s.close()  # receivers' loops end; each reports its count
        for _ in range(receivers):
            got += res_r.recv()
    for t in threads:
        t.join()
    return got / seconds


def ours():
    out = {}
    reached = out['reached'] = {}  # metric -> when the figure was reached: seconds since start, warm-up

    def note(key, warmup):
        reached[key] = '%.0f s; %s' % (seconds_since_process_start() or 0, warmup)
    progress('warming the runtime (the first interpreters pay for the engine and the JIT)')
    for _ in range(3):
        create_run().destroy()
    out['jit'] = _interpreters4j._bridge.jit()

    progress('fresh interpreters back to back: rounds of 3 s until the rate settles, then 10 s measured '
             '(spares run out: this is the build rate)')

    def seconds_per_creation():
        # GraalPy runs the same core-library code in every new context: the JIT compiles it over
        # the first minute of creations (it takes about one core meanwhile), and the rate climbs.
        end = time.perf_counter() + 3
        t0, n = time.perf_counter(), 0
        while time.perf_counter() < end:
            create_run().destroy()
            n += 1
        return [(time.perf_counter() - t0) / n]

    _, rounds, warm = until_steady(seconds_per_creation, lambda m: progress(m.replace(' us', ' us per creation')), *WARM)
    out['sustained_warmup'] = [rounds, warm]
    wait_for_spare()
    s0 = _interpreters4j._bridge.spareStats()
    end = time.perf_counter() + (5 if QUICK else 10)
    t0 = time.perf_counter()
    count = 0
    while time.perf_counter() < end:
        create_run().destroy()
        count += 1
    out['sustained_per_s'] = count / (time.perf_counter() - t0)
    s1 = _interpreters4j._bridge.spareStats()
    out['sustained_from_spares'] = [s1[1] - s0[1], count]
    note('sustained_per_s', 'after %d rounds of 3 s' % rounds)
    progress('  %.1f per second (%d of %d from spares; load %s)' % (out['sustained_per_s'], s1[1] - s0[1], count, load()))

    # A warm runtime, one at a time: the spares refilled and the JIT quiet before each creation,
    # so that neither the refill nor a compilation takes a core from the one being timed.
    full = refilled_spares()
    await_quiet_compiler(60, progress)
    progress('create()+first run(), one at a time, %d spare contexts ready (load %s)' % (full, load()))
    lat = []
    for _ in range(10 if QUICK else 20):
        wait_for_spare(count=full)
        await_quiet_compiler(10)
        t0 = time.perf_counter()
        i = create_run()
        lat.append(time.perf_counter() - t0)
        i.destroy()
    lat.sort()
    out['create_run_ms'] = percentile(lat, 0.5) * 1e3
    note('create_run_ms', 'runtime settled before each')
    progress('  p50 %.2f ms' % out['create_run_ms'])

    progress('run() round trip on an idle interpreter, rounds of 5000 until the p50 settles')
    i = create_run()
    await_quiet_compiler(60, progress)  # the creations above left the JIT a queue of work
    run_pass = lambda: i.run('pass')  # noqa: E731
    lat, rounds, warm = until_steady(lambda: timed(run_pass, 5000), progress, *WARM)
    out['run_rt_us'] = percentile(lat, 0.5) * 1e6
    out['run_rt_warmup'] = [rounds, warm]
    note('run_rt_us', 'round %d of 5000 (%.0f s)' % (rounds, warm))
    progress('  p50 %.1f us after %d rounds (%.0f s)' % (out['run_rt_us'], rounds, warm))

    progress('channel ping-pong between two interpreters, rounds until the p50 settles')
    per_round = 2000 if QUICK else 5000
    lat, rounds, warm = echo_pingpong(per_round, progress, *WARM)
    out['pingpong_us'] = [percentile(lat, 0.5) * 1e6, percentile(lat, 0.99) * 1e6]
    note('pingpong_us', 'round %d of %d (%.0f s)' % (rounds, per_round, warm))
    progress('  p50 %.1f us, p99 %.1f us' % tuple(out['pingpong_us']))

    progress('pure-Python kernel in one interpreter, warmed')
    calls = 8 if QUICK else 15
    out['kernel_s'] = warmed_kernel_seconds(i, calls)
    note('kernel_s', 'best of %d calls' % calls)
    progress('  best %.1f ms' % (out['kernel_s'] * 1e3))

    rounds = max(4, int(1.5 / out['kernel_s']))  # about 1.5 s of work per interpreter
    progress('parallel speed-up: 1 vs %d interpreters, each warmed, %d kernel calls each' % (NCPU, rounds))
    workers = [i] + [create_run() for _ in range(NCPU - 1)]
    for w in workers[1:]:
        warmed_kernel_seconds(w, calls)
    t1 = tn = float('inf')
    await_quiet_compiler(60, progress)
    for _ in range(SPEEDUP_TRIES):  # alternated, best of each: this VM's CPU speed varies by +-30%,
        # and the Graal compiler, a third consumer of the 2 cores, still compiles now and then
        await_quiet_compiler(10)
        t1 = min(t1, kernel_in_interpreters(workers[:1], rounds))
        await_quiet_compiler(10)
        tn = min(tn, kernel_in_interpreters(workers, rounds))
    out['speedup'] = NCPU * t1 / tn
    note('speedup', '%d warm-up calls each, best of %d' % (calls, SPEEDUP_TRIES))
    progress('  %.2fx on %d (load %s)' % (out['speedup'], NCPU, load()))
    for w in workers:
        w.destroy()

    progress('send_buffer() of 4 KiB and of 64 MiB, rounds of 200 until the p50 settles')
    out['send_buffer_4k_ms'], rounds = send_buffer_time(4 << 10)
    note('send_buffer_4k_ms', 'round %d of 200' % rounds)
    out['send_buffer_64m_ms'], rounds = send_buffer_time(64 << 20)
    note('send_buffer_64m_ms', 'round %d of 200' % rounds)
    progress('  4 KiB %.3f ms, 64 MiB %.3f ms' % (out['send_buffer_4k_ms'], out['send_buffer_64m_ms']))

    progress('scaling 1..64 interpreters: creation time and RSS; then 100 idle for RSS per interpreter')
    settle_heap()
    base_rss, _ = proc_status()
    alive = []
    scaling = {}
    t0 = time.perf_counter()
    for k in range(1, max(SCALES) + 1):
        alive.append(create_run())
        if k in SCALES:
            rss, _ = proc_status()
            scaling[k] = {'create_s': time.perf_counter() - t0, 'rss_mib': (rss - base_rss) / 2 ** 20}
            progress('  %d alive after %.1f s' % (k, scaling[k]['create_s']))
    while len(alive) < 100:
        alive.append(create_run())
    time.sleep(1)
    settle_heap()
    rss, _ = proc_status()
    out['rss_per_idle_mib'] = (rss - base_rss) / 100 / 2 ** 20
    note('rss_per_idle_mib', 'after a full GC')
    for k in SCALES:
        if QUICK and k > 16:
            continue
        progress('many-to-many channel throughput, %d interpreters' % k)
        scaling[k]['msgs_per_s'] = channel_throughput(alive[:k], 1.0)
    for i in alive:
        i.destroy()
    out['scaling'] = scaling

    progress('launcher: cold start to first output (3 runs)')
    launcher = os.path.join(ROOT, 'bin', 'interpreters')
    out['launcher_s'] = first_output_seconds([launcher, '-c', 'print(1)'], 3)
    reached['launcher_s'] = 'cold process'
    return out


def first_output_seconds(cmd, runs):
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        p.stdout.readline()
        times.append(time.perf_counter() - t0)
        p.wait()
    return statistics.median(times)


# ------------------------------------------------------------------ the table

def fmt(v, unit):
    if v is None:
        return '-'
    if unit == 'ms':
        return '%.3f ms' % v if v < 0.1 else '%.2f ms' % v if v < 10 else '%.0f ms' % v
    if unit == 'us':
        return '%.1f us' % v if v < 1000 else '%.1f ms' % (v / 1e3)
    if unit == '/s':
        return '%.1f/s' % v
    if unit == 's':
        return '%.2f s' % v
    if unit == 'MiB':
        return '%.1f MiB' % v
    if unit == 'x':
        return '%.2fx' % v
    return str(v)


def table(us, base):
    """Rows: metric, ours, when ours was reached, CPython subinterpreters, threads, multiprocessing,
    ratio, target, met."""
    g = lambda *keys: dig(base, keys)  # noqa: E731
    rows = []
    keys = iter(['create_run_ms', 'sustained_per_s', 'run_rt_us', 'pingpong_us', 'pingpong_us', 'kernel_s',
                 'speedup', 'send_buffer_4k_ms', 'send_buffer_64m_ms', 'rss_per_idle_mib', 'launcher_s'])

    def row(metric, unit, mine, sub, thr, mp, lower_is_better, target, target_ok, ratio_base=None):
        rb = sub if ratio_base is None else ratio_base
        ratio = None
        if mine and rb:
            ratio = rb / mine if lower_is_better else mine / rb
        rows.append([metric, fmt(mine, unit), us['reached'].get(next(keys), '-'), fmt(sub, unit), fmt(thr, unit),
                     fmt(mp, unit),
                     '-' if ratio is None else '%.2fx' % ratio, target,
                     '-' if mine is None or target_ok is None else ('yes' if target_ok(mine) else 'NO')])

    row('create()+first run(), p50, one at a time', 'ms', us['create_run_ms'], g('create_run_ms', 'sub'),
        g('create_run_ms', 'threads'), g('create_run_ms', 'mp'), True, '<= 2 ms', lambda v: v <= 2)
    row('fresh interpreters back to back', '/s', us['sustained_per_s'], g('sustained_per_s', 'sub'),
        g('sustained_per_s', 'threads'), g('sustained_per_s', 'mp'), False, '>= 20/s', lambda v: v >= 20)
    row('run() round trip, idle interpreter, p50', 'us', us['run_rt_us'], g('run_rt_us', 'sub'),
        g('run_rt_us', 'threads'), g('run_rt_us', 'mp'), True, '<= 15 us', lambda v: v <= 15)
    row('channel ping-pong p50', 'us', us['pingpong_us'][0], g('pingpong_us', 'sub', 0),
        g('pingpong_us', 'threads', 0), g('pingpong_us', 'mp', 0), True, '<= 15 us', lambda v: v <= 15)
    row('channel ping-pong p99', 'us', us['pingpong_us'][1], g('pingpong_us', 'sub', 1),
        g('pingpong_us', 'threads', 1), g('pingpong_us', 'mp', 1), True, '<= 100 us', lambda v: v <= 100)
    kb = g('kernel_s')
    row('warmed pure-Python kernel, one interpreter', 'ms', us['kernel_s'] * 1e3, None if kb is None else kb * 1e3,
        None, None, True, '>= 4x faster', lambda v: kb is not None and kb * 1e3 / v >= 4, ratio_base=None if kb is None else kb * 1e3)
    mp = g('speedup', 'mp')
    row('speed-up, %d interpreters vs 1, CPU-bound' % NCPU, 'x', us['speedup'], g('speedup', 'sub'),
        g('speedup', 'threads'), mp, False, '>= 0.95 of processes', lambda v: mp is not None and v / mp >= 0.95, ratio_base=mp)
    row('send_buffer of 4 KiB (size check)', 'ms', us['send_buffer_4k_ms'], g('send_buffer_4k_ms', 'sub'), None,
        g('send_buffer_4k_ms', 'mp'), True, '-', None)
    small = us['send_buffer_4k_ms']  # flat in size: 64 MiB within 2x (+20 us) of 4 KiB
    row('send_buffer of 64 MiB', 'ms', us['send_buffer_64m_ms'], g('send_buffer_64m_ms', 'sub'), None,
        g('send_buffer_64m_ms', 'mp'), True, '<= 1 ms, flat', lambda v: v <= 1 and v <= 2 * small + 0.02)
    row('RSS per idle interpreter, 100 alive', 'MiB', us['rss_per_idle_mib'], g('rss_per_idle_mib', 'sub'),
        g('rss_per_idle_mib', 'threads'), None, True, '<= 8 MiB', lambda v: v <= 8)
    row('launcher: cold start to first output', 's', us['launcher_s'], g('launcher_s'), None, None, True,
        '<= 1.5 s', lambda v: v <= 1.5)
    return rows


def dig(d, keys):
    for k in keys:
        if d is None:
            return None
        try:
            d = d[k]
        except (KeyError, IndexError, TypeError):
            return None
    return d


def print_table(header, rows):
    widths = [max(len(str(r[c])) for r in [header] + rows) for c in range(len(header))]
    line = lambda r: '| ' + ' | '.join(str(v).ljust(w) for v, w in zip(r, widths)) + ' |'  # noqa: E731
    print(line(header))
    print('|' + '|'.join('-' * (w + 2) for w in widths) + '|')
    for r in rows:
        print(line(r))


def main():
    workloads.check_arguments(__doc__, ('--quick',), ('--python',))
    start_load = load()
    base = cpython_baselines()
    if base:
        progress('CPython launcher cold start (3 runs)')
        base['launcher_s'] = first_output_seconds([find_cpython(), '-c', 'print(1)'], 3)
    us = ours()
    print()
    print('interpreters4j benchmark: %d CPUs, load average at start %s, at end %s; Graal JIT %s; CPython %s' % (
        NCPU, start_load, load(), 'on' if us['jit'] else 'OFF', base.get('python', 'not found')))
    print('ratio = how many times better than CPython subinterpreters (speed-up row: than multiprocessing)')
    print('ours reached at = seconds from this process\'s start when our figure was taken, and the warm-up '
          'behind it (CPython\'s figures need no warm-up: at most one untimed call first)')
    print()
    print_table(['metric', 'interpreters4j', 'ours reached at (since start; warm-up)', 'CPython subinterp.',
                 'CPython threads', 'multiprocessing', 'ratio', 'target', 'met'], table(us, base))
    print()
    print('Scaling (interpreters alive; creation time is cumulative; msgs/s: half send, half receive on one channel)')
    rows = []
    for k in SCALES:
        m, c = us['scaling'].get(k, {}), dig(base, ('scaling', str(k))) or {}
        rows.append([k, fmt(m.get('create_s'), 's'), fmt(c.get('create_s'), 's'), fmt(m.get('rss_mib'), 'MiB'),
                     fmt(c.get('rss_mib'), 'MiB'), '%.0f' % m['msgs_per_s'] if 'msgs_per_s' in m else '-',
                     '%.0f' % c['msgs_per_s'] if 'msgs_per_s' in c else '-'])
    print_table(['N', 'create, ours', 'create, CPython', 'RSS, ours', 'RSS, CPython', 'msgs/s, ours', 'msgs/s, CPython'], rows)
    f, n = us['sustained_from_spares']
    print()
    print('back to back: %d of %d creations found a spare context ready' % (f, n))


if __name__ == '__main__':
    main()
