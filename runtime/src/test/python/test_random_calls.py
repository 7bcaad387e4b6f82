"""Random call sequences from Python (issue 6): seeded random programs of `interpreters` calls
(create, run, interrupt, destroy, channels, send from this interpreter and from others, recv,
close, release), split over several threads of this interpreter that run at once; then the
invariants: list_all() is what was created minus what was destroyed, no thread is stuck, every
value was received at most once, every send that returned normally was received, and no send
that failed was. Every error must be a documented one.

A few seeds by default; more with I4J_RANDOM_ROUNDS=<n> (and I4J_RANDOM_SEED=<s> to replay):
    I4J_RANDOM_ROUNDS=50 bin/interpreters runtime/src/test/python/test_random_calls.py
"""
import itertools
import os
import random
import threading
import time
import unittest

import interpreters
from interpreters import ChannelError, RunFailedError

ROUNDS = int(os.environ.get('I4J_RANDOM_ROUNDS', '2'))
FIRST_SEED = int(os.environ.get('I4J_RANDOM_SEED', '20261122'))
OPS = ['create', 'run', 'interrupt', 'destroy', 'channel', 'send', 'python_send', 'recv', 'recv',
       'recv', 'close', 'release']
WAIT = 0.5
MAX_INTERPRETERS = 2
MAX_CHANNELS = 3
_values = itertools.count(1)
_values_lock = threading.Lock()

SEND_FAILURES = ('NotReceivedError', 'ChannelClosedError', 'ChannelReleasedError')


def next_value():
    with _values_lock:
        return next(_values)


class Round:
    """One program: its state and the ledger of what was sent and received."""

    def __init__(self, seed):
        rnd = random.Random(seed)
        self.seed = seed
        self.threads = rnd.randint(2, 3)
        self.program = [(rnd.choice(OPS), rnd.randrange(8), rnd.random() < 0.5)
                        for _ in range(rnd.randint(12, 30))]
        self.lock = threading.Lock()
        self.created, self.destroyed = [], set()
        self.channels = [interpreters.create_channel()]
        self.sent_ok, self.sent_failed, self.sent_unknown = set(), set(), set()
        self.received = []
        self.unexpected = []

    def interp(self, i):
        with self.lock:
            return self.created[i % len(self.created)] if self.created else None

    def channel(self, i):
        # Mostly the first channel, so that senders and receivers meet often.
        with self.lock:
            return self.channels[0 if i < 5 else i % len(self.channels)]

    def perform(self, op, target, flag):
        try:
            if op == 'create':
                with self.lock:
                    if len(self.created) >= MAX_INTERPRETERS:
                        return
                    self.created.append(interpreters.create())
            elif op == 'run':
                i = self.interp(target)
                if i is not None:
                    i.run('x = sum(range(10000))' if flag else 'import time\ntime.sleep(0.05)', timeout=20)
            elif op == 'interrupt':
                i = self.interp(target)
                if i is not None:
                    i.interrupt()
            elif op == 'destroy':
                i = self.interp(target)
                if i is not None:
                    i.destroy()
                    with self.lock:
                        self.destroyed.add(i.id)
            elif op == 'channel':
                with self.lock:
                    if len(self.channels) < MAX_CHANNELS:
                        self.channels.append(interpreters.create_channel())
            elif op == 'send':
                v = next_value()
                try:
                    self.channel(target)[1].send(v, timeout=WAIT)
                    self.sent_ok.add(v)
                except ChannelError:
                    self.sent_failed.add(v)
            elif op == 'python_send':
                self.python_send(target)
            elif op == 'recv':
                try:
                    self.received.append(self.channel(target)[0].recv(timeout=WAIT))
                except ChannelError:
                    pass
            elif op == 'close':
                r, s = self.channel(target)
                (r if flag else s).close(force=target % 2 == 0)
            elif op == 'release':
                r, s = self.channel(target)
                (r if flag else s).release()
        except (RuntimeError, ChannelError):
            pass  # documented: running, not found, run failed, closed, released, not empty...
        except BaseException as e:
            self.unexpected.append(repr(e))

    def python_send(self, target):
        i = self.interp(target)
        if i is None:
            return
        v = next_value()
        try:
            i.run('out.send(v, timeout=%r)' % WAIT, channels={'out': self.channel(target // 2)[1]}, shared={'v': v})
            self.sent_ok.add(v)
        except RunFailedError as e:
            if isinstance(e.__cause__, KeyboardInterrupt):
                self.sent_unknown.add(v)  # interrupted: maybe after the hand-over
                return
            self.sent_failed.add(v)
            if getattr(e.__cause__, 'remote_type', '').rsplit('.', 1)[-1] not in SEND_FAILURES:
                self.unexpected.append(repr(e))
        except RuntimeError:
            self.sent_failed.add(v)  # running or destroyed: nothing ran

    def play(self, test):
        started = time.monotonic()
        workers = [threading.Thread(target=lambda k=k: [self.perform(*op) for op in self.program[k::self.threads]],
                                    name='random-calls-%d' % k)
                   for k in range(self.threads)]
        for w in workers:
            w.start()
        for w in workers:
            w.join(60)
            test.assertFalse(w.is_alive(), 'seed %d: a worker was stuck for 60 s' % self.seed)
        test.assertEqual(self.unexpected, [], 'seed %d: undocumented errors' % self.seed)

        mine = {i.id for i in self.created}
        listed = {i.id for i in interpreters.list_all()} & mine
        test.assertEqual(listed, mine - self.destroyed, 'seed %d: list_all vs created - destroyed' % self.seed)

        test.assertEqual(len(self.received), len(set(self.received)), 'seed %d: received twice' % self.seed)
        received = set(self.received)
        test.assertEqual(received - self.sent_ok - self.sent_unknown, set(),
                         'seed %d: received, but the send failed or never happened' % self.seed)
        test.assertEqual(self.sent_ok - received, set(), 'seed %d: sent normally, never received' % self.seed)
        print('random calls: seed %d, %d calls on %d threads in %.1f s: %d interpreters (%d destroyed), '
              'sent ok %d, failed %d, interrupted %d, received %d'
              % (self.seed, len(self.program), self.threads, time.monotonic() - started, len(self.created),
                 len(self.destroyed), len(self.sent_ok), len(self.sent_failed), len(self.sent_unknown),
                 len(self.received)))

        for i in self.created:
            if i.id not in self.destroyed:
                i.destroy()
        for r, _ in self.channels:
            with r:
                pass
        test.assertEqual({i.id for i in interpreters.list_all()} & mine, set())


class RandomCallSequencesTest(unittest.TestCase):

    def test_random_programs_keep_the_invariants(self):
        for seed in range(FIRST_SEED, FIRST_SEED + ROUNDS):
            with self.subTest(seed=seed):
                Round(seed).play(self)


if __name__ == '__main__':
    unittest.main(verbosity=2)
