"""Soak: many interpreters, channels, random cancels and closes, for minutes; then an accounting
of every message. Exit status 1 on any violation (a message lost, duplicated or received without
a send, a stuck thread, an undocumented error).

    bin/interpreters stress/soak.py [--minutes 3] [--interpreters 6] [--channels 4] [--receivers 3] [--seed N]

Who does what:
- each worker interpreter runs short bursts (about 2 s) that send unique ints on random channels
  with a timeout; its ledger (sent ok, failed, pending) lives in its __main__, which survives an
  interrupted run; after each burst its driver thread collects and resets the ledger, and now and
  then destroys the interpreter and creates a fresh one;
- receiver threads of the main interpreter receive from random channels;
- a canceller interrupts random bursts (a send interrupted mid-way is "unknown": it may have been
  received, at most once); a closer closes random channels (sometimes with force) and replaces them.

Accounting: every send that returned normally must have been received exactly once (lost = 0),
nothing may be received twice (duplicates = 0), and nothing may be received that was not sent
normally or interrupted (phantoms = 0).
"""
import argparse
import ast
import os
import random
import sys
import threading
import time

import interpreters
from interpreters import ChannelClosedError, ChannelEmptyError, ChannelError, RunFailedError

SETUP = '''
import random as _random
sent_ok, failed, unknown, pending, counter = [], [], [], None, 0

def settle():
    """A send that an interrupt cut short: it is in no list yet, so its outcome is unknown."""
    global pending
    if pending is not None and pending not in sent_ok[-1:] and pending not in failed[-1:]:
        unknown.append(pending)
    pending = None
'''

BURST = '''
import time as _time
from interpreters import NotReceivedError as _NotReceived, ChannelClosedError as _Closed
settle()
_rnd = _random.Random(seed)
_end = _time.monotonic() + seconds
while _time.monotonic() < _end:
    counter += 1
    pending = base + counter
    try:
        _rnd.choice(chans).send(pending, timeout=0.2)
        sent_ok.append(pending)
    except (_NotReceived, _Closed):
        failed.append(pending)
    pending = None
    sum(range(_rnd.randrange(2000)))
'''

COLLECT = '''
settle()
report.send(repr((sent_ok, failed, unknown)))
sent_ok, failed, unknown = [], [], []
'''


class Soak:
    def __init__(self, args):
        self.args = args
        self.rnd = random.Random(args.seed)
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.channels = [interpreters.create_channel() for _ in range(args.channels)]
        self.sent_ok, self.failed, self.unknown = set(), set(), set()
        self.received = []
        self.errors = []
        self.counts = dict(interrupts=0, closes=0, created=0, destroyed=0, bursts=0)
        self.serial = 0

    # ------------------------------------------------------------------ helpers

    def count(self, key):
        with self.lock:
            self.counts[key] += 1

    def error(self, where, exc):
        with self.lock:
            self.errors.append('%s: %r' % (where, exc))

    def ends(self):
        with self.lock:
            return list(self.channels)

    def new_interpreter(self):
        interp = interpreters.create()
        interp.run(SETUP)
        with self.lock:
            self.serial += 1
            base = self.serial * 10 ** 9
        self.count('created')
        return interp, base

    # ------------------------------------------------------------------ roles

    def driver(self, slot):
        """Runs bursts in one worker interpreter, collects its ledger, recycles it now and then."""
        rnd = random.Random(self.args.seed * 1000 + slot)
        interp, base = self.new_interpreter()
        state = {'interp': interp, 'working': False, 'lock': threading.Lock()}
        self.workers[slot] = state
        while not self.stop.is_set():
            with state['lock']:
                state['working'] = True
            try:
                self._burst(interp, base, rnd)
            except RunFailedError as e:
                if not isinstance(e.__cause__, KeyboardInterrupt):
                    self.error('burst', e)
            except Exception as e:
                self.error('burst', e)
            with state['lock']:
                state['working'] = False
            self.count('bursts')
            self.collect(interp)
            if rnd.random() < 0.1:
                interp.destroy()
                self.count('destroyed')
                interp, base = self.new_interpreter()
                with state['lock']:
                    state['interp'] = interp
        interp.destroy()
        self.count('destroyed')

    def _burst(self, interp, base, rnd):
        # Channel ends are bound one by one, then gathered into the list `chans` in __main__.
        ends = self.ends()
        names = {'c%d' % i: s for i, (_, s) in enumerate(ends)}
        src = 'chans = [%s]\n' % ', '.join(names) + BURST
        interp.run(src, channels=names, shared={'seed': rnd.randrange(1 << 30), 'seconds': 2, 'base': base})

    def collect(self, interp):
        r, s = interpreters.create_channel()
        box = []
        t = threading.Thread(target=lambda: box.append(self._run_quietly(interp, COLLECT, {'report': s})))
        t.start()
        try:
            text = r.recv(timeout=60)
        except ChannelError as e:
            self.error('collect', e)
            return
        finally:
            t.join(60)
            if t.is_alive():
                self.error('collect', 'collect run stuck')
            with r:
                pass
        ok, failed, unknown = ast.literal_eval(text)
        with self.lock:
            self.sent_ok.update(ok)
            self.failed.update(failed)
            self.unknown.update(unknown)

    def _run_quietly(self, interp, src, chans):
        try:
            interp.run(src, channels=chans)
        except Exception as e:
            self.error('collect run', e)

    def receiver(self, k):
        rnd = random.Random(self.args.seed * 7919 + k)
        while not self.drained.is_set():
            r, _ = rnd.choice(self.ends())
            try:
                v = r.recv(timeout=0.2)
            except (ChannelEmptyError, ChannelClosedError):
                continue
            except Exception as e:
                self.error('recv', e)
                continue
            with self.lock:
                self.received.append(v)

    def canceller(self):
        rnd = random.Random(self.args.seed * 31)
        while not self.stop.wait(rnd.uniform(0.2, 1.0)):
            state = self.workers.get(rnd.randrange(self.args.interpreters))
            if state is None:
                continue
            with state['lock']:  # only bursts are interrupted, never a collect run
                if state['working']:
                    try:
                        if state['interp'].interrupt():
                            self.count('interrupts')
                    except Exception as e:
                        self.error('interrupt', e)

    def closer(self):
        rnd = random.Random(self.args.seed * 37)
        while not self.stop.wait(rnd.uniform(1.0, 3.0)):
            with self.lock:
                i = rnd.randrange(len(self.channels))
                r, s = self.channels[i]
                self.channels[i] = interpreters.create_channel()
            try:
                if rnd.random() < 0.5:
                    r.close(force=True)
                else:
                    s.close(force=rnd.random() < 0.5)
                self.count('closes')
            except ChannelClosedError:
                pass
            except Exception as e:
                self.error('close', e)

    # ------------------------------------------------------------------ the run

    def progress(self, started):
        with self.lock:
            c = dict(self.counts)
            line = ('soak %5.0f s: sent ok %d, failed %d, unknown %d, received %d | bursts %d, interrupts %d, '
                    'closes %d, interpreters created %d destroyed %d | load %.2f'
                    % (time.monotonic() - started, len(self.sent_ok), len(self.failed), len(self.unknown),
                       len(self.received), c['bursts'], c['interrupts'], c['closes'], c['created'],
                       c['destroyed'], os.getloadavg()[0]))
        print(line, flush=True)

    def run(self):
        a = self.args
        started = time.monotonic()
        self.workers = {}
        self.drained = threading.Event()
        drivers = [threading.Thread(target=self.driver, args=(i,), name='driver-%d' % i) for i in range(a.interpreters)]
        receivers = [threading.Thread(target=self.receiver, args=(k,), name='receiver-%d' % k) for k in range(a.receivers)]
        helpers = [threading.Thread(target=self.canceller, name='canceller'), threading.Thread(target=self.closer, name='closer')]
        for t in drivers + receivers + helpers:
            t.start()
        deadline = started + a.minutes * 60
        while time.monotonic() < deadline:
            time.sleep(min(5, max(0, deadline - time.monotonic())))
            self.progress(started)
        self.stop.set()
        stuck = []
        for t in drivers + helpers:
            t.join(120)
            if t.is_alive():
                stuck.append(t.name)
        self.drained.set()
        for t in receivers:
            t.join(30)
            if t.is_alive():
                stuck.append(t.name)
        for r, _ in self.ends():
            with r:
                pass
        self.progress(started)
        return self.account(stuck)

    def account(self, stuck):
        received = self.received
        distinct = set(received)
        lost = self.sent_ok - distinct
        duplicates = len(received) - len(distinct)
        phantoms = distinct - self.sent_ok - self.unknown
        unknown_received = len(self.unknown & distinct)
        print('soak accounting: sent ok %d, received %d, failed sends %d, interrupted sends %d '
              '(of which received %d), lost %d, duplicates %d, phantoms %d, stuck threads %d, errors %d'
              % (len(self.sent_ok), len(received), len(self.failed), len(self.unknown), unknown_received,
                 len(lost), duplicates, len(phantoms), len(stuck), len(self.errors)))
        for e in self.errors[:20]:
            print('  error:', e)
        if stuck:
            print('  stuck:', ', '.join(stuck))
        if lost:
            print('  lost (first 10):', sorted(lost)[:10])
        if phantoms:
            print('  phantoms (first 10):', sorted(phantoms)[:10])
        ok = not lost and not duplicates and not phantoms and not stuck and not self.errors
        print('soak:', 'OK' if ok else 'VIOLATIONS')
        return 0 if ok else 1


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--minutes', type=float, default=3)
    p.add_argument('--interpreters', type=int, default=6)
    p.add_argument('--channels', type=int, default=4)
    p.add_argument('--receivers', type=int, default=3)
    p.add_argument('--seed', type=int, default=int(time.time()))
    a = p.parse_args()
    print('soak: %.1f min, %d interpreters, %d channels, %d receivers, seed %d, %d cores, load %.2f'
          % (a.minutes, a.interpreters, a.channels, a.receivers, a.seed, os.cpu_count(), os.getloadavg()[0]), flush=True)
    sys.exit(Soak(a).run())


if __name__ == '__main__':
    main()
