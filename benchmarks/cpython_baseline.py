"""CPython 3.13 baselines for the interpreters4j benchmark: subinterpreters (test.support.interpreters),
threads and multiprocessing, measured the same way as suite.py measures interpreters4j.

    python3.13 benchmarks/cpython_baseline.py [--quick]

suite.py runs this as a subprocess; progress goes to stderr, the figures as one JSON object on the
last line of stdout. Linux only (reads /proc).
"""
import json
import multiprocessing
import os
import queue
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from workloads import (KERNEL_N, KERNEL_SRC, TIMED_ROUNDS_SRC, Progress, check_arguments, percentile, proc_status,  # noqa: E402
                       round_trips, run_together, timed)

from test.support import interpreters  # noqa: E402
from test.support.interpreters import channels  # noqa: E402

progress = Progress('cpython')
# fork() in a process with subinterpreters and threads crashes CPython 3.13: start processes from a
# fork server (3.14's default on Linux), started before any subinterpreter exists.
MP = multiprocessing.get_context('forkserver')
QUICK = '--quick' in sys.argv
SCALES = [1, 2, 4, 8, 16, 64]
NCPU = os.cpu_count() or 1
exec(KERNEL_SRC + TIMED_ROUNDS_SRC)  # defines kernel() and timed_rounds() here too


def noop():
    pass


def rate(fn, seconds):
    end = time.perf_counter() + seconds
    count = 0
    while time.perf_counter() < end:
        fn()
        count += 1
    return count / seconds


def sub_create_run():
    i = interpreters.create()
    i.exec('pass')
    return i


def sub_cycle():
    sub_create_run().close()


def thread_cycle():
    t = threading.Thread(target=noop)
    t.start()
    t.join()


def process_cycle():
    p = MP.Process(target=noop)
    p.start()
    p.join()


def echo_process(conn):
    while True:
        v = conn.recv()
        if v is None:
            return
        conn.send(v)


def pingpong_sub(n):
    echo = interpreters.create()
    ping_r, ping_s = channels.create()
    pong_r, pong_s = channels.create()
    echo.prepare_main(ping=ping_r, pong=pong_s)
    t = threading.Thread(target=echo.exec, args=('while True:\n    v = ping.recv()\n    if v is None: break\n    pong.send(v)',))
    t.start()
    lat = round_trips(ping_s.send, pong_r.recv, n)
    ping_s.send(None)
    t.join()
    echo.close()
    return sorted(lat[n // 5:])


def pingpong_threads(n):
    a, b = queue.Queue(), queue.Queue()

    def echo():
        while True:
            v = a.get()
            if v is None:
                return
            b.put(v)
    t = threading.Thread(target=echo)
    t.start()
    lat = round_trips(a.put, b.get, n)
    a.put(None)
    t.join()
    return sorted(lat[n // 5:])


def pingpong_processes(n):
    mine, theirs = MP.Pipe()
    p = MP.Process(target=echo_process, args=(theirs,))
    p.start()
    lat = round_trips(mine.send, mine.recv, n)
    mine.send(None)
    p.join()
    return sorted(lat[n // 5:])


def kernel_in_processes(nproc, rounds):
    with MP.Pool(nproc) as pool:
        pool.map(noop_arg, range(nproc))  # started before timing
        t0 = time.perf_counter()
        pool.map(run_rounds, [rounds] * nproc, chunksize=1)
        return time.perf_counter() - t0


def noop_arg(_):
    return None


def run_rounds(rounds):
    for _ in range(rounds):
        kernel(KERNEL_N)


def kernel_in_subinterpreters(n, rounds):
    interps = [interpreters.create() for _ in range(n)]
    for i in interps:
        i.exec(KERNEL_SRC)
    src = 'for _ in range(%d): kernel(%d)' % (rounds, KERNEL_N)
    took = run_together([lambda i=i: i.exec(src) for i in interps])
    for i in interps:
        i.close()
    return took


def kernel_in_threads(n, rounds):
    return run_together([lambda: run_rounds(rounds)] * n)


def send_buffer_sub(size):
    sink = interpreters.create()
    r, s = channels.create()
    sink.prepare_main(inp=r)
    t = threading.Thread(target=sink.exec, args=('while True:\n    v = inp.recv()\n    if v is None: break\n    v[0] = 1',))
    t.start()
    buf = bytearray(size)
    s.send_buffer(buf)  # warm-up, not timed
    times = timed(lambda: s.send_buffer(buf), 5)
    s.send(None)
    t.join()
    sink.close()
    return statistics.median(times)


def send_bytes_process(size):
    mine, theirs = MP.Pipe()
    p = MP.Process(target=drain, args=(theirs,))
    p.start()
    buf = bytes(size)

    def send_and_ack():
        mine.send_bytes(buf)
        mine.recv()
    send_and_ack()  # warm-up, not timed
    times = timed(send_and_ack, 3)
    mine.send_bytes(b'')
    p.join()
    return statistics.median(times)


def drain(conn):
    while True:
        b = conn.recv_bytes()
        if not b:
            return
        conn.send(len(b))


def channel_throughput(n, seconds):
    """n interpreters: half send, half receive on one channel (n == 1: it sends, main receives)."""
    senders = max(1, n // 2)
    receivers = n - senders
    r, s = channels.create()
    res_r, res_s = channels.create()
    interps = [interpreters.create() for _ in range(n)]
    stop = time.perf_counter() + seconds
    send_src = ('import time\nend = time.perf_counter() + %r\ni = 0\n'
                'while time.perf_counter() < end:\n    out.send(i)\n    i += 1\n' % seconds)
    recv_src = ('count = 0\nwhile True:\n    v = inp.recv()\n    if v is None: break\n    count += 1\nres.send(count)\n')
    threads = []
    for k, i in enumerate(interps):
        if k < senders:
            i.prepare_main(out=s)
            threads.append(threading.Thread(target=i.exec, args=(send_src,)))
        else:
            i.prepare_main(inp=r, res=res_s)
            threads.append(threading.Thread(target=i.exec, args=(recv_src,)))
    for t in threads:
        t.start()
    got = 0
    if receivers == 0:
        while threads[0].is_alive():
            try:
                r.recv(timeout=0.2)
                got += 1
            except (channels.ChannelEmptyError, TimeoutError):
                pass
    else:
        while time.perf_counter() < stop:
            time.sleep(0.05)
    for t in threads[:senders]:
        t.join()
    for _ in range(receivers):
        s.send(None)
    for _ in range(receivers):
        got += res_r.recv()
    for t in threads:
        t.join()
    for i in interps:
        i.close()
    return got / seconds


def main():
    check_arguments(__doc__, ('--quick',))
    out = {'python': sys.version.split()[0], 'cpus': NCPU}
    process_cycle()  # starts the fork server
    progress('create()+first run, one at a time (subinterpreters, threads, processes)')
    for cycle in (sub_cycle, thread_cycle, process_cycle):
        cycle()
    out['create_run_ms'] = {
        'sub': percentile(timed(sub_cycle, 30), 0.5) * 1e3,
        'threads': percentile(timed(thread_cycle, 200), 0.5) * 1e3,
        'mp': percentile(timed(process_cycle, 30), 0.5) * 1e3,
    }
    progress('fresh interpreters back to back, 3 s each')
    out['sustained_per_s'] = {'sub': rate(sub_cycle, 3), 'threads': rate(thread_cycle, 3), 'mp': rate(process_cycle, 3)}

    progress('run() round trip on an idle interpreter')
    i = interpreters.create()
    run_pass = lambda: i.exec('pass')  # noqa: E731
    timed(run_pass, 200)
    pool = ThreadPoolExecutor(1)
    mpool = MP.Pool(1)
    mpool.apply(noop)
    out['run_rt_us'] = {
        'sub': percentile(timed(run_pass, 3000), 0.5) * 1e6,
        'threads': percentile(timed(lambda: pool.submit(noop).result(), 3000), 0.5) * 1e6,
        'mp': percentile(timed(lambda: mpool.apply(noop), 1000), 0.5) * 1e6,
    }
    i.close()
    pool.shutdown()
    mpool.close()

    progress('channel ping-pong (subinterpreters; queue.Queue threads; Pipe processes)')
    n = 500 if QUICK else 3000
    out['pingpong_us'] = {}
    for key, fn in (('sub', pingpong_sub), ('threads', pingpong_threads), ('mp', pingpong_processes)):
        lat = fn(n)
        out['pingpong_us'][key] = [percentile(lat, 0.5) * 1e6, percentile(lat, 0.99) * 1e6]

    progress('pure-Python kernel, one interpreter (best of 5)')
    out['kernel_s'] = min(timed_rounds(5, KERNEL_N))

    rounds = max(4, int(1.5 / out['kernel_s']))  # about 1.5 s of work per worker, as suite.py
    progress('parallel speed-up on %d cores: subinterpreters, threads, processes (%d kernel calls each)' % (NCPU, rounds))
    tries = 2 if QUICK else 5  # alternated, best of each, as suite.py: this VM's CPU speed varies
    t1 = tn = s1 = sn = float('inf')
    for _ in range(tries):
        t1 = min(t1, kernel_in_processes(1, rounds))
        tn = min(tn, kernel_in_processes(NCPU, rounds))
        s1 = min(s1, kernel_in_subinterpreters(1, rounds))
        sn = min(sn, kernel_in_subinterpreters(NCPU, rounds))
    h1 = kernel_in_threads(1, rounds)
    hn = kernel_in_threads(NCPU, rounds)
    out['speedup'] = {'n': NCPU, 'mp': NCPU * t1 / tn, 'sub': NCPU * s1 / sn, 'threads': NCPU * h1 / hn}

    progress('send_buffer of 4 KiB and 64 MiB (subinterpreters); send_bytes over a Pipe (processes)')
    out['send_buffer_4k_ms'] = {'sub': send_buffer_sub(4 << 10) * 1e3, 'mp': send_bytes_process(4 << 10) * 1e3}
    out['send_buffer_64m_ms'] = {'sub': send_buffer_sub(64 << 20) * 1e3, 'mp': send_bytes_process(64 << 20) * 1e3}

    progress('scaling 1..64 subinterpreters: creation, RSS; then 100 idle for RSS per interpreter')
    base_rss, _ = proc_status()
    alive = []
    scaling = {}
    t0 = time.perf_counter()
    for k in range(1, max(SCALES) + 1):
        alive.append(sub_create_run())
        if k in SCALES:
            rss, _ = proc_status()
            scaling[k] = {'create_s': time.perf_counter() - t0, 'rss_mib': (rss - base_rss) / 2 ** 20}
    while len(alive) < 100:
        alive.append(sub_create_run())
    rss, _ = proc_status()
    out['rss_per_idle_mib'] = {'sub': (rss - base_rss) / 100 / 2 ** 20}
    for i in alive:
        i.close()
    ev = threading.Event()
    base_rss, _ = proc_status()
    ts = [threading.Thread(target=ev.wait) for _ in range(100)]
    for t in ts:
        t.start()
    rss, _ = proc_status()
    out['rss_per_idle_mib']['threads'] = (rss - base_rss) / 100 / 2 ** 20
    ev.set()
    for t in ts:
        t.join()
    for k in SCALES:
        if QUICK and k > 16:
            continue
        progress('many-to-many channel throughput, %d subinterpreters' % k)
        scaling[k]['msgs_per_s'] = channel_throughput(k, 1.0)
    out['scaling'] = scaling
    print(json.dumps(out))


if __name__ == '__main__':
    main()
