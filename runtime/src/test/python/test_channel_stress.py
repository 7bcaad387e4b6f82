"""Stress across 8 real interpreters: 4 producers and 4 consumers on two many-to-many channels,
random timeouts, nowait forms, releases, and a forced close of one channel midway.

Accounting: every send that returned normally was received exactly once; every send that
raised (or whose send_nowait returned False) was received by nobody; nobody is left waiting.
"""
import threading
import time
import unittest

import _interpreters4j
import interpreters

MESSAGES = 10_000  # in total, over all producers

PRODUCER = '''
import random, interpreters
rng = random.Random(seed)
ok, failed = [], []
closed = set()
for seq in range(count):
    token = '%d:%d' % (me, seq)
    i = rng.randrange(2)
    if i in closed:
        i = 1 - i
    end = (s0, s1)[i]
    mode = rng.random()
    try:
        if mode < 0.1:
            (ok if end.send_nowait(token) else failed).append(token)
        elif mode < 0.3:
            end.send(token, timeout=0.002)
            ok.append(token)
        else:
            end.send(token)
            ok.append(token)
    except interpreters.NotReceivedError:
        failed.append(token)
    except interpreters.ChannelClosedError:
        failed.append(token)
        closed.add(i)
        if len(closed) == 2:
            break
failed.extend('%d:%d' % (me, k) for k in range(seq + 1, count))
report.send('P|' + ' '.join(ok) + '|' + ' '.join(failed))
'''

CONSUMER = '''
import random, interpreters
rng = random.Random(seed)
got = []
closed = set()
while len(closed) < 2:
    i = rng.randrange(2)
    if i in closed:
        i = 1 - i
    end = (r0, r1)[i]
    try:
        if rng.random() < 0.2:
            v = end.recv_nowait(None)
            if v is not None:
                got.append(v)
        else:
            got.append(end.recv(timeout=0.5))
    except interpreters.ChannelEmptyError:
        pass
    except interpreters.ChannelClosedError:
        closed.add(i)
report.send('C|' + ' '.join(got))
'''


class EightInterpreterStressTest(unittest.TestCase):

    def test_exactly_once_under_chaos(self):
        r0, s0 = interpreters.create_channel()
        r1, s1 = interpreters.create_channel()
        report_r, report_s = interpreters.create_channel()
        producers = [interpreters.create() for _ in range(4)]
        consumers = [interpreters.create() for _ in range(4)]
        threads = []
        for k, p in enumerate(producers):
            threads.append(threading.Thread(target=p.run, args=(PRODUCER,), daemon=True, kwargs={'shared': dict(
                seed=k, me=k, count=MESSAGES // 4, s0=s0, s1=s1, report=report_s)}))
        for k, c in enumerate(consumers):
            threads.append(threading.Thread(target=c.run, args=(CONSUMER,), daemon=True, kwargs={'shared': dict(
                seed=100 + k, r0=r0, r1=r1, report=report_s)}))
        started = time.monotonic()
        for t in threads:
            t.start()
        reports = []
        # Chaos: once some traffic flowed, force-close channel 0 (waiting senders fail).
        time.sleep(1.0)
        s0.close(force=True)
        while len(reports) < 4:
            reports.append(report_r.recv(timeout=240))
        # Producers are done: close channel 1, so that consumers stop.
        s1.close()
        while len(reports) < 8:
            reports.append(report_r.recv(timeout=240))
        for t in threads:
            t.join(60)
            self.assertFalse(t.is_alive(), 'a run never finished')
        ok, failed, received = [], [], []
        for rep in reports:
            parts = rep.split('|')
            if parts[0] == 'P':
                ok += parts[1].split()
                failed += parts[2].split()
            else:
                received += parts[1].split()
        self.assertEqual(len(ok) + len(failed), MESSAGES)
        self.assertEqual(len(received), len(set(received)), 'a message was received twice')
        self.assertEqual(set(received), set(ok), 'received != sent successfully')
        self.assertFalse(set(received) & set(failed), 'a failed send was received')
        self.assertGreater(len(ok), 0)
        self.assertGreater(len(failed), 0)
        for end in (r0, r1):
            self.assertEqual(_interpreters4j._waiters(end), (0, 0), 'someone is still waiting')
        print('stress: %d sent ok, %d failed, %d received, %.1f s' % (
            len(ok), len(failed), len(received), time.monotonic() - started))
        for i in producers + consumers:
            i.destroy()


if __name__ == '__main__':
    unittest.main(verbosity=2)
