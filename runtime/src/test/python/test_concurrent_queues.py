"""CPython 3.14's queues (concurrent.interpreters.Queue) on interpreters4j: the cases of CPython's
Lib/test/test_interpreters/test_queues.py that apply here, written for this runtime, plus waiting
without polling."""
import os
import pickle
import queue as stdqueue
import threading
import time
import unittest
from textwrap import dedent

from concurrent import interpreters
from concurrent.interpreters import _queues as queues, _crossinterp


def run_output(interp, script):
    r, w = os.pipe()
    try:
        interp.prepare_main(_w=w)
        interp.exec(dedent(script) + '\nimport os as _os\n_os.write(_w, (str(_out) if "_out" in dir() else "").encode() + b"\\0")\n')
        out = b''
        while not out.endswith(b'\0'):
            out += os.read(r, 4096)
        return out[:-1].decode()
    finally:
        os.close(r)
        os.close(w)


class TestBase(unittest.TestCase):
    def tearDown(self):
        for interp in interpreters.list_all():
            if interp.id != 0:
                try:
                    interp.close()
                except interpreters.InterpreterError:
                    pass


class QueueTests(TestBase):
    def test_module_aliases(self):
        self.assertIs(interpreters.create_queue, queues.create)
        self.assertIs(interpreters.Queue, queues.Queue)
        self.assertIs(interpreters.QueueEmpty, queues.QueueEmpty)
        self.assertIs(interpreters.QueueFull, queues.QueueFull)
        self.assertTrue(issubclass(queues.QueueEmpty, stdqueue.Empty))
        self.assertTrue(issubclass(queues.QueueFull, stdqueue.Full))
        self.assertTrue(issubclass(queues.ItemInterpreterDestroyed, queues.QueueError))
        self.assertTrue(issubclass(queues.QueueNotFoundError, queues.QueueError))

    def test_create(self):
        self.assertEqual(queues.create().maxsize, 0)
        self.assertEqual(queues.create(3).maxsize, 3)
        self.assertEqual(queues.create(100).maxsize, 100)
        self.assertEqual(queues.create(0).maxsize, 0)
        self.assertEqual(queues.create(-10).maxsize, -10)
        with self.assertRaises(TypeError):
            queues.create('1')
        with self.assertRaises(NotImplementedError):
            queues.create(unbounditems=object())

    def test_ids_and_identity(self):
        q1, q2 = queues.create(), queues.create()
        self.assertIsInstance(q1.id, int)
        self.assertNotEqual(q1.id, q2.id)
        self.assertIs(queues.Queue(q1.id), q1)
        self.assertEqual(hash(q1), hash(q1.id))
        self.assertEqual(q1, q1)
        self.assertNotEqual(q1, q2)
        with self.assertRaises(queues.QueueNotFoundError):
            queues.Queue(1_000_000)
        with self.assertRaises(TypeError):
            queues.Queue('1')
        with self.assertRaises(AttributeError):
            q1.id = 5
        with self.assertRaises(AttributeError):
            q1.maxsize = 5
        self.assertIn(q1, queues.list_all())

    def test_pickle(self):
        q = queues.create()
        for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
            self.assertIs(pickle.loads(pickle.dumps(q, protocol)), q)

    def test_queues_are_shareable(self):
        q1 = queues.create()
        interp = interpreters.create()
        interp.prepare_main(queue1=q1)
        q2 = queues.create()
        q1.put(q2)
        self.assertIs(q1.get(), q2, 'the same object in the same interpreter')
        q4 = queues.create()
        q1.put(q4)
        self.assertEqual(int(run_output(interp, '_out = queue1.get().id')), q4.id)
        qid = int(run_output(interp, '''
            from concurrent.interpreters import _queues as queues
            q5 = queues.create()
            queue1.put(q5)
            _out = q5.id
            '''))
        self.assertEqual(q1.get().id, qid)


class QueueOpsTests(TestBase):
    def test_empty_full_qsize(self):
        q = queues.create(3)
        seen = []
        for _ in range(3):
            seen.append((q.empty(), q.full(), q.qsize()))
            q.put_nowait(None)
        seen.append((q.empty(), q.full(), q.qsize()))
        with self.assertRaises(queues.QueueFull):
            q.put_nowait(None)
        for _ in range(3):
            q.get_nowait()
        with self.assertRaises(queues.QueueEmpty):
            q.get_nowait()
        seen.append((q.empty(), q.full(), q.qsize()))
        self.assertEqual(seen, [(True, False, 0), (False, False, 1), (False, False, 2), (False, True, 3),
                                (True, False, 0)])
        for size in (0, -1, -10):
            unbounded = queues.create(size)
            for i in range(13):
                unbounded.put_nowait(i)
            self.assertFalse(unbounded.full())

    def test_fifo(self):
        q = queues.create()
        for i in range(20):
            q.put(i)
        self.assertEqual([q.get() for _ in range(20)], list(range(20)))

    def test_timeouts(self):
        q = queues.create(2)
        q.put(None)
        q.put(None)
        t0 = time.monotonic()
        with self.assertRaises(queues.QueueFull):
            q.put(None, timeout=0.1)
        self.assertGreaterEqual(time.monotonic() - t0, 0.09)
        q.get()
        q.put(None)
        with self.assertRaises(queues.QueueFull):
            q.put(None, block=False)
        empty = queues.create()
        with self.assertRaises(queues.QueueEmpty):
            empty.get(timeout=0.1)
        with self.assertRaises(queues.QueueEmpty):
            empty.get(block=False)
        with self.assertRaises(ValueError):
            empty.get(timeout=-1)

    def test_shareable_and_pickled_items(self):
        for obj in (None, True, 10, 2 ** 80, 1.5, 'spam', b'spam', (0, 'a', (None,)),
                    [1, 2, 3], {'a': 13}, ValueError('x'), bytearray(b'ab')):
            with self.subTest(obj=obj):
                q = queues.create()
                q.put(obj)
                got = q.get()
                if isinstance(obj, BaseException):
                    self.assertEqual((type(got), got.args), (type(obj), obj.args))
                else:
                    self.assertEqual(got, obj)
                q.put(obj)
                got = q.get_nowait()
                if type(obj) in (list, dict, bytes, bytearray):
                    self.assertIsNot(got, obj, 'a copy')

    def test_unpicklable_item(self):
        q = queues.create()
        with self.assertRaises(interpreters.NotShareableError):
            q.put(lambda: None)
        self.assertEqual(q.qsize(), 0)

    def test_memoryview_item(self):
        q = queues.create()
        q.put(memoryview(b'spam'))
        self.assertEqual(bytes(q.get()), b'spam')

    def test_same_interpreter_gets_a_copy(self):
        interp = interpreters.create()
        interp.exec(dedent('''
            from concurrent.interpreters import _queues as queues
            queue = queues.create()
            orig = b'spam'
            queue.put(orig)
            obj = queue.get()
            assert obj == orig and obj is not orig
            '''))

    def test_different_interpreters(self):
        interp = interpreters.create()
        q1, q2 = queues.create(), queues.create()
        for method in ('get', 'get_nowait'):
            with self.subTest(method=method):
                q1.put(b'spam')
                interp.prepare_main(q1=q1, q2=q2)
                interp.exec(dedent(f'''
                    assert q1.qsize() == 1
                    obj = q1.{method}()
                    assert q1.qsize() == 0 and obj == b'spam'
                    q2.put(b'eggs')
                    '''))
                self.assertEqual(q1.qsize(), 0)
                self.assertEqual(getattr(q2, method)(), b'eggs')

    def test_different_threads(self):
        q1, q2 = queues.create(), queues.create()

        def echo():
            q2.put(q1.get(timeout=30))
        t = threading.Thread(target=echo)
        t.start()
        q1.put(b'spam')
        self.assertEqual(q2.get(timeout=30), b'spam')
        t.join()

    def test_blocking_get_parks_until_the_put(self):
        # CPython 3.14 polls every 10 ms; here a get() with nothing queued is parked in the queue
        # (counted as a waiter) until a put() hands it the item. Speed: benchmarks/queue_pingpong.py.
        interp = interpreters.create()
        ping, pong = queues.create(), queues.create()
        interp.prepare_main(ping=ping, pong=pong)
        t = threading.Thread(target=interp.exec, args=(
            'while True:\n    v = ping.get()\n    if v is None:\n        break\n    pong.put(v)',))
        t.start()
        for i in range(50):
            ping.put(i)
            self.assertEqual(pong.get(timeout=60), i)
            for _ in range(10000):
                if queues._waiters(ping)[0] == 1:
                    break
                time.sleep(0.001)
            self.assertEqual(queues._waiters(ping), (1, 0), 'the other interpreter waits in get()')
        ping.put(None)
        t.join()

    def test_waiting_putter_is_admitted_when_room_is_made(self):
        q = queues.create(1)
        q.put('first')
        done = []
        t = threading.Thread(target=lambda: done.append(q.put('second', timeout=30)))
        t.start()
        for _ in range(5000):
            if queues._waiters(q)[1] == 1:
                break
            time.sleep(0.001)
        self.assertEqual(queues._waiters(q)[1], 1)
        self.assertEqual(q.get(), 'first')
        t.join()
        self.assertEqual(q.get(), 'second')


class UnboundItemsTests(TestBase):
    def put_from(self, queue, *puts):
        """A new interpreter that put these (value, unbounditems or None) on the queue."""
        interp = interpreters.create()
        interp.prepare_main(queue=queue)
        lines = ['from concurrent.interpreters import _queues as queues']
        for value, unbound in puts:
            extra = '' if unbound is None else ', unbounditems=queues.%s' % unbound
            lines.append('queue.put(%r%s)' % (value, extra))
        interp.exec('\n'.join(lines))
        return interp

    def test_default_is_unbound(self):
        q = queues.create()
        self.assertIs(q.unbounditems, queues.UNBOUND)
        interp = self.put_from(q, (b'spam', None), (b'eggs', None))
        self.assertEqual(q.get(), b'spam')
        interp.close()
        self.assertEqual(q.qsize(), 1)
        self.assertIs(q.get(), queues.UNBOUND)
        with self.assertRaises(queues.QueueEmpty):
            q.get_nowait()

    def test_error(self):
        q = queues.create(unbounditems=queues.UNBOUND_ERROR)
        self.assertIs(q.unbounditems, queues.UNBOUND_ERROR)
        self.put_from(q, (1, None)).close()
        self.assertEqual(q.qsize(), 1)
        with self.assertRaises(queues.ItemInterpreterDestroyed):
            q.get()
        self.assertEqual(q.qsize(), 0)

    def test_remove(self):
        q = queues.create()
        q.put(b'ham', unbounditems=queues.UNBOUND_REMOVE)
        interp = self.put_from(q, (b'spam', 'UNBOUND_REMOVE'), (b'eggs', 'UNBOUND_REMOVE'))
        q.put(42, unbounditems=queues.UNBOUND_REMOVE)
        self.assertEqual(q.qsize(), 4)
        interp.close()
        self.assertEqual(q.qsize(), 2)
        self.assertEqual([q.get(), q.get()], [b'ham', 42])

    def test_mixed(self):
        q = queues.create()
        interp = self.put_from(q, (1, 'UNBOUND'), (2, 'UNBOUND_ERROR'), (3, None), (4, 'UNBOUND_REMOVE'),
                               (5, 'UNBOUND'))
        self.assertEqual(q.qsize(), 5)
        interp.close()
        self.assertEqual(q.qsize(), 4)
        self.assertIs(q.get(), queues.UNBOUND)
        with self.assertRaises(queues.ItemInterpreterDestroyed):
            q.get()
        self.assertIs(q.get(), queues.UNBOUND)
        self.assertIs(q.get(), queues.UNBOUND)
        self.assertEqual(q.qsize(), 0)

    def test_items_belong_to_the_interpreter_that_put_them(self):
        q = queues.create()
        q.put(1)
        a = interpreters.create()
        a.prepare_main(queue=q)
        a.exec('from concurrent.interpreters import _queues as queues\n'
               'x = queue.get()\nqueue.put(2, unbounditems=queues.UNBOUND_REMOVE)\nqueue.put(x)')
        q.put(3)
        a.close()
        self.assertEqual(q.qsize(), 2)
        self.assertIs(q.get(), queues.UNBOUND)
        self.assertEqual(q.get(), 3)

    def test_markers(self):
        self.assertEqual(repr(queues.UNBOUND), 'concurrent.interpreters._queues.UNBOUND')
        self.assertEqual(_crossinterp._UNBOUND_CONSTANT_TO_FLAG[_crossinterp.UNBOUND], 3)
        with self.assertRaises(Exception):
            type(queues.UNBOUND)()


if __name__ == '__main__':
    unittest.main(verbosity=2)
