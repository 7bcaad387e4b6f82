"""Channels (docs/semantics.md, "Shareable data" to "select") from Python: each operation in each channel state, across interpreters."""
import threading
import time
import unittest

import _interpreters4j
import interpreters
from interpreters import (ChannelClosedError, ChannelEmptyError, ChannelError, ChannelNotEmptyError,
                          ChannelNotFoundError, ChannelReleasedError, NotReceivedError)

TIMEOUT = 60


def wait_for(predicate, what):
    deadline = time.monotonic() + TIMEOUT
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError('timed out waiting for ' + what)
        time.sleep(0.001)


def senders_waiting(end):
    return _interpreters4j._waiters(end)[0]


def receivers_waiting(end):
    return _interpreters4j._waiters(end)[1]


class Background:
    """Runs fn in a thread; .result() joins and returns its value or raises its exception."""

    def __init__(self, fn, *args, **kwargs):
        self.box = {}

        def target():
            try:
                self.box['value'] = fn(*args, **kwargs)
            except BaseException as e:
                self.box['error'] = e
        self.thread = threading.Thread(target=target, daemon=True)
        self.thread.start()

    def result(self):
        self.thread.join(TIMEOUT)
        if self.thread.is_alive():
            raise AssertionError('background call did not finish')
        if 'error' in self.box:
            raise self.box['error']
        return self.box.get('value')


class CreateAndLookupTest(unittest.TestCase):

    def test_create_returns_both_ends_with_one_id(self):
        r, s = interpreters.create_channel()
        self.assertIsInstance(r, interpreters.RecvChannel)
        self.assertIsInstance(s, interpreters.SendChannel)
        self.assertEqual(r.id, s.id)
        r2, s2 = interpreters.create_channel()
        self.assertGreater(r2.id, r.id)

    def test_list_all_channels_ordered_open_only(self):
        r, s = interpreters.create_channel()
        r2, s2 = interpreters.create_channel()
        ids = [pair[0].id for pair in interpreters.list_all_channels()]
        self.assertEqual(ids, sorted(ids))
        self.assertIn((r, s), interpreters.list_all_channels())
        r.close()
        self.assertNotIn((r, s), interpreters.list_all_channels())
        self.assertIn((r2, s2), interpreters.list_all_channels())

    def test_ends_by_id(self):
        r, s = interpreters.create_channel()
        self.assertEqual(interpreters.RecvChannel(r.id), r)
        self.assertEqual(interpreters.SendChannel(s.id), s)
        self.assertNotEqual(interpreters.RecvChannel(r.id), s)
        self.assertEqual(hash(interpreters.RecvChannel(r.id)), hash(r))
        with self.assertRaises(ChannelNotFoundError):
            interpreters.RecvChannel(10 ** 9)
        with self.assertRaises(ChannelNotFoundError):
            interpreters.SendChannel(10 ** 9)
        for bad in ('1', 1.5, None):
            with self.assertRaises(TypeError):
                interpreters.RecvChannel(bad)

    def test_exception_hierarchy(self):
        self.assertTrue(issubclass(ChannelError, Exception))
        for cls in (ChannelNotFoundError, ChannelEmptyError, ChannelNotEmptyError, NotReceivedError,
                    ChannelClosedError):
            self.assertTrue(issubclass(cls, ChannelError))
        self.assertTrue(issubclass(ChannelReleasedError, ChannelClosedError))
        self.assertTrue(issubclass(ChannelEmptyError, TimeoutError))
        self.assertTrue(issubclass(NotReceivedError, TimeoutError))


class ShareableTest(unittest.TestCase):

    def test_is_shareable_exact_types(self):
        r, s = interpreters.create_channel()
        for ok in (None, b'', b'x', '', 's', 0, -1, 2 ** 200, r, s):
            self.assertTrue(interpreters.is_shareable(ok), repr(ok))

        class MyInt(int):
            pass
        for no in (True, 1.0, (), [], {}, bytearray(), memoryview(b'x'), MyInt(1), object(), ValueError()):
            self.assertFalse(interpreters.is_shareable(no), repr(no))

    def test_send_not_shareable_is_value_error_before_anything_is_sent(self):
        r, s = interpreters.create_channel()
        got = Background(r.recv, timeout=0.5)
        for bad in (True, 1.5, (1,), bytearray(b'x')):
            with self.assertRaises(ValueError):
                s.send(bad)
            with self.assertRaises(ValueError):
                s.send_nowait(bad)
        with self.assertRaises(ChannelEmptyError):
            got.result()

    def test_values_round_trip_across_interpreters(self):
        interp = interpreters.create()
        r_in, s_in = interpreters.create_channel()
        r_out, s_out = interpreters.create_channel()
        echo = Background(interp.run, 'for v in inp:\n    out.send(v)', shared={'inp': r_in, 'out': s_out})
        r3, s3 = interpreters.create_channel()
        values = [None, b'', b'\x00\xff' * 10, b'x' * 200_000, '', 'text \u20ac \U0001f600', 0, -5,
                  2 ** 63 - 1, -2 ** 63, 2 ** 63, -2 ** 200, r3, s3]
        for v in values:
            s_in.send(v, timeout=TIMEOUT)
            got = r_out.recv(timeout=TIMEOUT)
            self.assertEqual(got, v)
            self.assertIs(type(got), type(v))
        data = b'payload'
        s_in.send(data)
        got = r_out.recv()
        self.assertEqual(got, data)
        self.assertIsNot(got, data)
        s_in.close()
        echo.result()
        interp.destroy()


class OpenChannelTest(unittest.TestCase):

    def setUp(self):
        self.r, self.s = interpreters.create_channel()

    def test_nowait_forms_with_nobody_waiting(self):
        self.assertFalse(self.s.send_nowait(b'x'))
        marker = object()
        self.assertIs(self.r.recv_nowait(marker), marker)
        self.assertIsNone(self.r.recv_nowait())

    def test_timeouts(self):
        with self.assertRaises(ChannelEmptyError) as cm:
            self.r.recv(timeout=0.05)
        self.assertIn('within 0.05 s', str(cm.exception))  # the error names the limit
        with self.assertRaises(NotReceivedError) as cm:
            self.s.send(b'x', timeout=0.05)
        self.assertIn('within 0.05 s', str(cm.exception))
        with self.assertRaises(NotReceivedError) as cm:
            self.s.send_buffer(bytearray(1), timeout=0.05)
        self.assertIn('within 0.05 s', str(cm.exception))
        with self.assertRaises(TimeoutError):
            self.s.send(b'x', timeout=0)
        with self.assertRaises(ValueError):
            self.r.recv(timeout=-1)

    def test_timed_out_send_is_never_delivered_later(self):
        with self.assertRaises(NotReceivedError):
            self.s.send('withdrawn', timeout=0.05)
        later = Background(self.r.recv, timeout=0.3)
        with self.assertRaises(ChannelEmptyError):
            later.result()

    def test_send_waits_for_a_receiver(self):
        sender = Background(self.s.send, 'hello')
        wait_for(lambda: senders_waiting(self.r) == 1, 'the sender to wait')
        self.assertTrue(sender.thread.is_alive())
        self.assertEqual(self.r.recv(), 'hello')
        sender.result()

    def test_association(self):
        self.assertEqual(self.r.interpreters, [])
        self.assertFalse(self.s.send_nowait(1))
        self.assertEqual(self.s.interpreters, [interpreters.get_current()])
        self.assertEqual(self.r.recv_nowait('d'), 'd')
        self.assertEqual(self.r.interpreters, [interpreters.get_current()])

    def test_with_block_closes(self):
        with self.s as end:
            self.assertIs(end, self.s)
        with self.assertRaises(ChannelClosedError):
            self.s.send_nowait(1)
        with self.r:
            pass  # already closed: leaving is not an error


class WaitingSenderTest(unittest.TestCase):

    def setUp(self):
        self.r, self.s = interpreters.create_channel()
        self.sender = Background(self.s.send, 'v')
        wait_for(lambda: senders_waiting(self.r) == 1, 'a waiting sender')

    def test_recv_nowait_takes_it(self):
        self.assertEqual(self.r.recv_nowait('default'), 'v')
        self.sender.result()

    def test_recv_close_without_force_is_not_empty_and_changes_nothing(self):
        with self.assertRaises(ChannelNotEmptyError):
            self.r.close()
        self.assertEqual(self.r.recv(), 'v')
        self.sender.result()

    def test_recv_close_force_fails_the_sender(self):
        self.r.close(force=True)
        with self.assertRaises(ChannelClosedError):
            self.sender.result()
        with self.assertRaises(ChannelClosedError):
            self.r.recv_nowait()

    def test_send_close_lets_waiting_senders_deliver_then_closes(self):
        self.s.close()
        with self.assertRaises(ChannelClosedError):
            self.s.send_nowait('new')
        self.assertIn((self.r, self.s), interpreters.list_all_channels())
        self.assertEqual(self.r.recv(), 'v')
        self.sender.result()
        with self.assertRaises(ChannelClosedError):
            self.r.recv(timeout=1)
        self.assertNotIn((self.r, self.s), interpreters.list_all_channels())

    def test_send_close_force_fails_waiting_senders(self):
        self.s.close(force=True)
        with self.assertRaises(ChannelClosedError):
            self.sender.result()
        with self.assertRaises(ChannelClosedError):
            self.r.recv_nowait()

    def test_fifo_among_senders(self):
        second = Background(self.s.send, 'w')
        wait_for(lambda: senders_waiting(self.r) == 2, 'two waiting senders')
        self.assertEqual(self.r.recv(), 'v')
        self.assertEqual(self.r.recv(), 'w')
        self.sender.result()
        second.result()


class WaitingReceiverTest(unittest.TestCase):

    def setUp(self):
        self.r, self.s = interpreters.create_channel()
        self.receiver = Background(self.r.recv)
        wait_for(lambda: receivers_waiting(self.s) == 1, 'a waiting receiver')

    def test_send_nowait_hands_over(self):
        self.assertTrue(self.s.send_nowait(b'now'))
        self.assertEqual(self.receiver.result(), b'now')

    def test_close_fails_the_receiver(self):
        self.r.close()
        with self.assertRaises(ChannelClosedError):
            self.receiver.result()

    def test_send_close_fails_the_receiver(self):
        self.s.close()
        with self.assertRaises(ChannelClosedError):
            self.receiver.result()


class ReleaseTest(unittest.TestCase):

    def test_release_is_idempotent_and_blocks_later_use(self):
        r, s = interpreters.create_channel()
        other = interpreters.create()
        other.run('ok = s.send_nowait(1)', shared={'s': s})  # keeps the channel associated
        self.assertTrue(r.release())
        self.assertFalse(r.release())
        with self.assertRaises(ChannelReleasedError):
            r.recv_nowait()
        with self.assertRaises(ChannelClosedError):
            r.recv(timeout=0)
        other.destroy()

    def test_release_fails_this_interpreters_waiting_calls(self):
        r, s = interpreters.create_channel()
        other = interpreters.create()
        other.run('s.send_nowait(1)', shared={'s': s})
        receiver = Background(r.recv)
        wait_for(lambda: receivers_waiting(s) == 1, 'a waiting receiver')
        self.assertTrue(r.release())
        with self.assertRaises(ChannelReleasedError):
            receiver.result()
        other.destroy()

    def test_release_leaving_no_association_closes_even_unused(self):
        r, s = interpreters.create_channel()
        self.assertTrue(s.release())
        self.assertNotIn((r, s), interpreters.list_all_channels())
        with self.assertRaises(ChannelClosedError):
            r.recv_nowait()
        self.assertFalse(s.release())  # released before the close: still False, no error

    def test_release_of_closed_never_released_is_closed_error(self):
        r, s = interpreters.create_channel()
        r.close()
        with self.assertRaises(ChannelClosedError):
            r.release()

    def test_closed_interpreters_is_closed_error(self):
        r, s = interpreters.create_channel()
        r.close()
        with self.assertRaises(ChannelClosedError):
            r.interpreters
        with self.assertRaises(ChannelClosedError):
            r.close()

    def test_destroy_drops_associations_and_closes_orphaned_channels(self):
        used_r, used_s = interpreters.create_channel()
        unused_r, unused_s = interpreters.create_channel()
        interp = interpreters.create()
        interp.run('s.send_nowait(1); r.recv_nowait()', shared={'s': used_s, 'r': used_r})
        self.assertEqual(used_s.interpreters, [interp])
        interp.destroy()
        self.assertNotIn((used_r, used_s), interpreters.list_all_channels())
        self.assertIn((unused_r, unused_s), interpreters.list_all_channels())


class IterationAndSelectTest(unittest.TestCase):

    def test_iteration_until_closed(self):
        r, s = interpreters.create_channel()
        interp = interpreters.create()
        producer = Background(interp.run, 'for i in range(5):\n    s.send(i)\ns.close()', shared={'s': s})
        self.assertEqual(list(r), [0, 1, 2, 3, 4])
        producer.result()
        interp.destroy()

    def test_select_ready_now_earliest_wins(self):
        r1, s1 = interpreters.create_channel()
        r2, s2 = interpreters.create_channel()
        a = Background(s1.send, 'one')
        b = Background(s2.send, 'two')
        wait_for(lambda: senders_waiting(r1) == 1 and senders_waiting(r2) == 1, 'both senders')
        self.assertEqual(interpreters.select(r2, r1), (r2, 'two'))
        self.assertEqual(interpreters.select(r2, r1), (r1, 'one'))
        a.result()
        b.result()

    def test_select_default_and_timeout(self):
        r1, s1 = interpreters.create_channel()
        r2, s2 = interpreters.create_channel()
        self.assertEqual(interpreters.select(r1, (s2, 'x'), default='none'), 'none')
        with self.assertRaises(TimeoutError) as cm:
            interpreters.select(r1, (s2, 'x'), timeout=0.05)
        self.assertIn('within 0.05 s', str(cm.exception))
        self.assertFalse(r2.recv_nowait(False))  # the timed-out send case left no trace

    def test_select_waits_and_completes_exactly_one(self):
        r1, s1 = interpreters.create_channel()
        r2, s2 = interpreters.create_channel()
        chooser = Background(interpreters.select, r1, (s2, 'sent'))
        wait_for(lambda: receivers_waiting(s1) == 1 and senders_waiting(r2) == 1, 'select to wait')
        self.assertEqual(r2.recv(), 'sent')
        self.assertEqual(chooser.result(), (s2, None))
        self.assertFalse(s1.send_nowait('late'))  # the receive case was withdrawn


class BufferTest(unittest.TestCase):

    def test_send_buffer_shares_memory(self):
        buf = interpreters.create_buffer(64)
        buf[0] = 7
        r, s = interpreters.create_channel()
        interp = interpreters.create()
        run = Background(interp.run, 'm = r.recv(); k = m[0]; m[1] = 42; m[0] = k + 1', shared={'r': r})
        s.send_buffer(buf)
        run.result()
        self.assertEqual((buf[0], buf[1]), (8, 42))
        interp.destroy()

    def test_send_buffer_of_plain_objects_is_a_copy(self):
        data = bytearray(b'abc')
        r, s = interpreters.create_channel()
        got = Background(r.recv)
        s.send_buffer(data)
        view = got.result()
        self.assertIsInstance(view, memoryview)
        self.assertEqual(bytes(view), b'abc')
        view[0] = ord('z')
        self.assertEqual(data, bytearray(b'abc'))

    def test_received_buffer_is_shared_again_without_copy(self):
        buf = interpreters.create_buffer(8)
        r, s = interpreters.create_channel()
        got = Background(r.recv)
        s.send_buffer(buf)
        first = got.result()
        got = Background(r.recv)
        s.send_buffer(first)  # a received view is shared memory too
        second = got.result()
        second[3] = 33
        self.assertEqual(buf[3], 33)

    def test_slice_of_shared_buffer_is_copied_once(self):
        buf = interpreters.create_buffer(16)
        buf[4] = 5
        r, s = interpreters.create_channel()
        got = Background(r.recv)
        s.send_buffer(buf[4:8])
        view = got.result()
        self.assertEqual(bytes(view), bytes([5, 0, 0, 0]))
        view[0] = 99
        self.assertEqual(buf[4], 5)

    def test_send_buffer_needs_the_buffer_protocol(self):
        r, s = interpreters.create_channel()
        with self.assertRaises(ValueError):
            s.send_buffer('not a buffer')
        self.assertFalse(s.send_buffer_nowait(b'nobody waits'))


if __name__ == '__main__':
    unittest.main(verbosity=2)
