"""Files a program opens and leaves open: their data is written as on CPython
(docs/semantics.md, "Files left open").

No later than the end of the run, call or pool task that dropped them; every file an interpreter
left open is closed when it is destroyed. (The process's exit, however it ends, is covered by
LauncherTest, in child processes.)
"""
import builtins
import io
import os
import pickle
import shutil
import sys
import tempfile
import threading
import traceback
import unittest

import interpreters


def write_text(path, text):
    open(path, 'w').write(text)
    return 'written'


def write_bytes(path, data):
    open(path, 'wb').write(data)
    return len(data)


def fds_open_on(path):
    """The fds of this process that refer to `path` (Linux's /proc; elsewhere none can be seen)."""
    fd_dir = '/proc/self/fd'
    if not os.path.isdir(fd_dir):
        return []
    found = []
    for name in os.listdir(fd_dir):
        try:
            if os.readlink(os.path.join(fd_dir, name)) == path:
                found.append(int(name))
        except OSError:
            pass  # closed meanwhile
    return found


class FilesTest(unittest.TestCase):

    def setUp(self):
        self.dir = os.path.realpath(tempfile.mkdtemp())
        self.interp = interpreters.create()

    def tearDown(self):
        try:
            self.interp.destroy()
        except RuntimeError:
            pass  # destroyed by the test
        shutil.rmtree(self.dir)

    def path(self, name):
        return os.path.join(self.dir, name)

    def read(self, name, mode='r'):
        with open(self.path(name), mode) as f:
            return f.read()

    # ------------------------------------------------------------------ open() as CPython's

    def test_open_returns_the_types_cpython_returns(self):
        p = self.path('types')
        cases = [('w', io.TextIOWrapper), ('a', io.TextIOWrapper), ('r+', io.TextIOWrapper),
                 ('wb', io.BufferedWriter), ('r+b', io.BufferedRandom), ('rb', io.BufferedReader),
                 ('r', io.TextIOWrapper)]
        for mode, expected in cases:
            with open(p, mode) as f:
                self.assertIs(type(f), expected, mode)
        with open(p, 'wb', buffering=0) as f:
            self.assertIs(type(f), io.FileIO)
        with open(p, 'w') as f:
            self.assertIs(type(f.buffer), io.BufferedWriter)
            self.assertIs(type(f.buffer.raw), io.FileIO)
        self.assertIs(builtins.open, io.open)
        self.assertEqual((open.__name__, open.__module__), ('open', '_io'))
        with os.fdopen(os.open(p, os.O_RDONLY)) as f:
            self.assertIs(type(f), io.TextIOWrapper)

    def test_a_failing_open_shows_no_frame_of_the_runtime(self):
        try:
            open(self.path('no/such/dir/file'))
        except FileNotFoundError as e:
            frames = traceback.extract_tb(e.__traceback__)
        self.assertEqual([f.name for f in frames], ['test_a_failing_open_shows_no_frame_of_the_runtime'])

    # ------------------------------------------------------------------ the end of a run, a call, a task

    def test_text_and_binary_files_dropped_in_a_run_are_written_by_its_end(self):
        self.interp.run('open(%r, "w").write("text")\n'
                        'open(%r, "wb").write(b"bytes")\n'
                        'print("line", file=open(%r, "a"))\n'
                        'import pickle; pickle.dump([1, 2], open(%r, "wb"))\n'
                        % (self.path('t'), self.path('b'), self.path('p'), self.path('k')))
        self.assertEqual(self.read('t'), 'text')
        self.assertEqual(self.read('b', 'rb'), b'bytes')
        self.assertEqual(self.read('p'), 'line\n')
        with open(self.path('k'), 'rb') as f:
            self.assertEqual(pickle.load(f), [1, 2])

    def test_a_file_kept_open_across_runs_is_written_at_the_end_of_each(self):
        p = self.path('kept')
        self.interp.run('f = open(%r, "w")\nf.write("a")' % p)
        self.assertEqual(self.read('kept'), 'a')
        self.interp.run('f.write("b")')
        self.assertEqual(self.read('kept'), 'ab')
        self.interp.run('f.write("c")\ndel f')
        self.assertEqual(self.read('kept'), 'abc')
        self.interp.run('import gc; gc.collect()')
        self.assertEqual(fds_open_on(p), [])

    def test_a_call_writes_what_it_dropped_before_returning(self):
        self.assertEqual(self.interp.call(write_text, self.path('c'), 'by call'), 'written')
        self.assertEqual(self.read('c'), 'by call')
        self.assertEqual(self.interp.call(write_bytes, self.path('cb'), b'\x00\x01'), 2)
        self.assertEqual(self.read('cb', 'rb'), b'\x00\x01')

    def test_a_pool_task_writes_what_it_dropped_before_its_future_completes(self):
        names = ['task%d' % i for i in range(8)]
        with interpreters.InterpreterPoolExecutor(2) as pool:
            futures = [pool.submit(write_text, self.path(n), n) for n in names]
            for f, n in zip(futures, names):
                self.assertEqual(f.result(timeout=120), 'written')
                self.assertEqual(self.read(n), n)
            # map() runs chunks: every task of a chunk is written when its results arrive.
            results = list(pool.map(write_bytes, [self.path(n + 'b') for n in names],
                                    [n.encode() for n in names], chunksize=4))
            self.assertEqual(results, [len(n) for n in names])
            for n in names:
                self.assertEqual(self.read(n + 'b', 'rb'), n.encode())

    def test_a_file_written_by_a_thread_that_ended_is_written_by_the_end_of_the_run(self):
        self.interp.run('import threading\n'
                        't = threading.Thread(target=lambda: open(%r, "w").write("from a thread"))\n'
                        't.start()\n'
                        't.join()' % self.path('thread'))
        self.assertEqual(self.read('thread'), 'from a thread')

    def test_many_files_left_open_in_one_run(self):
        # Text files are closed once collected, binary ones after a cap: the fds do not pile up.
        n = 400
        self.interp.run('for i in range(%d):\n'
                        '    open(%r + "/t%%d" %% i, "w").write("t%%d" %% i)\n'
                        '    open(%r + "/b%%d" %% i, "wb").write(b"b%%d" %% i)' % (n, self.dir, self.dir))
        for i in range(n):
            self.assertEqual(self.read('t%d' % i), 't%d' % i)
            self.assertEqual(self.read('b%d' % i, 'rb'), b'b%d' % i)
        # Collected before the end: their fds are closed all the same (GraalPy's own close of a
        # collected file's fd is an asynchronous action that a closing context never runs).
        self.interp.run('import gc; gc.collect()')
        self.interp.destroy()
        left = [i for i in range(n) if fds_open_on(self.path('t%d' % i)) or fds_open_on(self.path('b%d' % i))]
        self.assertEqual(left, [])

    def test_a_run_stopped_by_interrupt_writes_what_it_left_open(self):
        r, s = interpreters.create_channel()
        failures = []

        def target():
            try:
                self.interp.run('open(%r, "w").write("before the interrupt")\n'
                                'ready.send(None)\n'
                                'while True:\n'
                                '    pass' % self.path('interrupted'), channels={'ready': s})
            except interpreters.RunFailedError as e:
                failures.append(e)

        t = threading.Thread(target=target)
        t.start()
        r.recv()
        self.assertTrue(self.interp.interrupt())
        t.join(120)
        self.assertIsInstance(failures[0].__cause__, KeyboardInterrupt)
        self.assertEqual(self.read('interrupted'), 'before the interrupt')

    # ------------------------------------------------------------------ destroy

    def test_destroy_closes_every_file_the_interpreter_left_open(self):
        src = self.path('src')
        with open(src, 'w') as f:
            f.write('to read')
        self.interp.run('r = open(%r)\n'
                        't = open(%r, "w"); t.write("text")\n'
                        'b = open(%r, "wb"); b.write(b"bin")\n'
                        'u = open(%r, "wb", buffering=0)'
                        % (src, self.path('t'), self.path('b'), self.path('u')))
        self.interp.run('t.write(" more"); b.write(b" more")')  # after the run-end flush: only destroy writes these
        self.assertTrue(fds_open_on(src) or not os.path.isdir('/proc/self/fd'))
        self.interp.destroy()
        self.assertEqual(self.read('t'), 'text more')
        self.assertEqual(self.read('b', 'rb'), b'bin more')
        for name in ('src', 't', 'b', 'u'):
            self.assertEqual(fds_open_on(self.path(name)), [], name)

    def test_destroy_runs_atexit_handlers_before_closing_files(self):
        self.interp.run('import atexit\n'
                        'f = open(%r, "w")\n'
                        'atexit.register(lambda: f.write("from atexit"))' % self.path('atexit'))
        self.interp.destroy()
        self.assertEqual(self.read('atexit'), 'from atexit')

    # ------------------------------------------------------------------ errors

    def test_a_write_error_is_reported_as_cpython_reports_one_and_the_run_succeeds(self):
        self.interp.run('import sys\n'
                        'seen = []\n'
                        'sys.unraisablehook = seen.append\n'
                        'open("/dev/full", "w").write("lost")')  # raises nothing: reported at the end
        self.interp.run('assert len(seen) == 1, seen\n'
                        'assert seen[0].exc_type is OSError and seen[0].exc_value.errno == 28, seen[0]\n'
                        'assert repr(seen[0].object).startswith("<_io.TextIOWrapper name=\'/dev/full\'"), seen[0].object\n'
                        'f = open(%r, "w")\n'
                        'f.write("x")\n'
                        'import os\n'
                        'os.close(f.fileno())' % self.path('badfd'))
        self.interp.run('assert len(seen) == 2, seen\n'
                        'assert seen[1].exc_type is OSError and seen[1].exc_value.errno == 9, seen[1]')

    def test_a_run_that_fails_still_writes_its_files_and_reports_its_own_failure(self):
        with self.assertRaises(interpreters.RunFailedError) as cm:
            self.interp.run('open(%r, "w").write("before the error")\n'
                            'raise KeyError("its own")' % self.path('failed'))
        self.assertIsInstance(cm.exception.__cause__, KeyError)
        self.assertEqual(self.read('failed'), 'before the error')

    def test_detach_leaves_the_buffer_to_the_program(self):
        self.interp.run('t = open(%r, "w")\n'
                        'b = t.detach()\n'
                        'del t' % self.path('detached'))
        self.interp.run('import gc; gc.collect()')
        self.interp.run('b.write(b"still open")')
        self.interp.destroy()
        self.assertEqual(self.read('detached'), 'still open')


if __name__ == '__main__':
    unittest.main(verbosity=2)
