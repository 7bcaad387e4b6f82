# Files a program opened and left open: their data reaches the OS as on CPython. Evaluated once in
# every new interpreter from an *internal* Source (PythonEngine.filesSource), so that the frames of
# these functions never appear in a traceback: open() fails with the traceback a built-in gives.
# The value of the last expression, the install function, is called by the boot code.
#
# Why this exists. CPython frees a file object the moment the program drops it, and freeing closes
# it (flushing its buffer). GraalPy frees objects later, by a garbage collector, and neither flushes
# nor closes anything then: a collected FileIO closes its fd (GraalPy's own finalizer), but the
# bytes still in a BufferedWriter or TextIOWrapper are lost; nor is anything flushed when a context
# closes. So the runtime tracks the files opened through open() (builtins.open, io.open, and with
# them os.fdopen, tempfile, pathlib, codecs.open...) and writes their data itself:
#
# - A text file opened for writing: the program holds the TextIOWrapper; we hold its buffer
#   (BufferedWriter/BufferedRandom) strongly and the wrapper weakly. The wrapper is switched to
#   write_through, so that none of its data stays in the wrapper: all of it is in the buffer we
#   hold. When the wrapper is collected, its weakref callback closes the buffer (flush, then close
#   the fd), as CPython's dealloc closes a dropped file. No data can be lost, whenever the
#   collector runs.
# - A binary file opened for writing: the program holds the buffered object itself, so there is
#   nothing to split. It is held strongly, so the collector cannot take it with its data, until it
#   is closed, or until more than BINARY_CAP of them are held in this interpreter: then they are
#   all flushed and held weakly from then on (so that a program opening binary files in a loop
#   without closing them does not run out of fds), their raw FileIO strongly: GraalPy closes a
#   collected FileIO's fd from an asynchronous action that a context closing first never runs, so
#   the fd of a collected demoted file is closed here, by a sweep, at destroy or at exit. Data
#   written to such a demoted file after that point is flushed at every run end while the file
#   lives, but is lost if the program drops the file without closing it and it is collected
#   before the run ends (documented).
# - Every other file (read-only, unbuffered FileIO) is held weakly, only to be closed when the
#   interpreter is destroyed (a destroyed context closes none of its fds).
#
# When: at the end of every run()/call()/pool task, the writers opened by the thread that ran it
# (or by threads since ended) are flushed, so a file dropped during the run has its data written
# by the time its caller hears of the end; when the interpreter is destroyed, or the process
# exits, every tracked file is closed (flush_all() only flushes, for a context whose code is
# still running at process exit). A write error is reported as CPython reports one in a file's
# finalizer: through sys.unraisablehook ("Exception ignored in: <file>"), at most once per file,
# and never as the run's failure (the run's own result stands).
#
# Threads: entries are created and dropped under the GIL by single dict operations; the walks
# (run end, close) iterate over a snapshot, so a Python thread that opens a file meanwhile only
# adds an entry the walk does not see.


def _interpreters4j_files(sys):
    import builtins
    import _io
    from _thread import get_ident
    from _weakref import ref

    real_open = _io.open
    TextIOWrapper = _io.TextIOWrapper
    WRITERS = (_io.BufferedWriter, _io.BufferedRandom)
    BINARY_CAP = 64
    SWEEP_MIN = 64

    TEXT, BINARY, WEAK = 0, 1, 2

    # Files with data to write at run end, by id(entry): TEXT, BINARY (held strongly) and WEAK
    # (binary writers past the cap, held weakly).
    writers = {}
    # Other files, held weakly, by id(entry): closed at destroy and exit.
    others = {}
    # [BINARY entries held now, size of `writers` that triggers a sweep, same for `others`]
    counts = [0, SWEEP_MIN, SWEEP_MIN]

    class Entry:
        __slots__ = ('kind', 'ref', 'held', 'owner', 'mode', 'encoding', 'reported', 'closing')

        def __init__(self, kind, ref, held, owner):
            self.kind = kind
            self.ref = ref         # weakref to the object the program holds, or None (BINARY)
            self.held = held       # held strongly: TEXT's buffer, BINARY's file, WEAK's raw FileIO, or None
            self.owner = owner     # ident of the thread that opened it
            self.reported = False  # a write error of this file was reported already
            self.closing = False   # close_entry has begun (see there)

        def collected(self, _):
            # The program dropped a text file without closing it; close it as CPython would have
            # (unless it was detached meanwhile: the program holds the buffer, see flush_entry).
            if self.kind == TEXT and writers.pop(id(self), None) is not None:
                close_entry(self)

    class Described:
        """Stands for a collected text file in an error report: its repr is the file's."""
        __slots__ = ('text',)

        def __init__(self, text):
            self.text = text

        def __repr__(self):
            return self.text

    def report(entry, exc, obj):
        if entry.reported:
            return
        entry.reported = True
        if obj is None:
            try:
                name = repr(entry.held.name)
            except Exception:
                name = '?'
            obj = Described('<_io.TextIOWrapper name=%s mode=%r encoding=%r>' % (name, entry.mode, entry.encoding))
        try:
            sys.unraisablehook(sys.UnraisableHookArgs((type(exc), exc, None, None, obj)))
        except BaseException:
            pass

    def user_object(entry):
        """The file object the program holds, or None once collected."""
        return entry.held if entry.ref is None else entry.ref()

    def flush_entry(entry):
        """Writes what the file holds; False if it is closed or collected (the entry can go)."""
        f = user_object(entry)
        if f is None:
            close_entry(entry)  # collected: what we hold of it (a buffer, a raw file) is closed
            return False
        if entry.kind == TEXT:
            b = entry.held
            try:
                f.closed
            except ValueError:
                # detach(): the program owns the buffer now; hold it as a binary writer.
                entry.kind, entry.ref = BINARY, None
                counts[0] += 1
                f = b
        else:
            b = f
        if b is None or b.closed:
            return False
        try:
            b.flush()
        except Exception as e:
            report(entry, e, f)
        return True

    def close_entry(entry):
        # Once. The collector's callback for a dropped text file (`collected`) is an asynchronous
        # action, which GraalPy may run inside our own close of that file, at a safepoint of its
        # flush: a second close there failed with "reentrant call inside _io.BufferedWriter",
        # and that error was reported in place of the write error the first close met.
        if entry.closing:
            return
        entry.closing = True
        f = user_object(entry)
        if f is None:
            # Collected: close what we hold of it, a text file's buffer (which holds its data) or a
            # demoted binary file's raw FileIO (its fd).
            f = entry.held
            obj = None if entry.kind == TEXT else f
        else:
            obj = f
        if f is None:
            return
        try:
            if not f.closed:
                f.close()
        except ValueError:
            # A detached text wrapper: its buffer belongs to the program now, close that.
            try:
                entry.held.close()
            except Exception as e:
                report(entry, e, entry.held)
        except Exception as e:
            report(entry, e, obj)

    def sweep(table, index):
        """Drops entries of files closed or collected (closing what we hold of collected ones)."""
        for key, entry in list(table.items()):
            f = user_object(entry)
            if f is None:
                close_entry(entry)
            else:
                try:
                    if not (entry.held if entry.kind == TEXT else f).closed:
                        continue
                except ValueError:
                    continue  # detached: at_run_end sorts it out
            if table.pop(key, None) is not None and entry.kind == BINARY:
                counts[0] -= 1
        counts[index] = max(SWEEP_MIN, 2 * len(table))

    def demote_binaries():
        """More than BINARY_CAP binary writers held: flush them all and hold them weakly."""
        for entry in list(writers.values()):
            if entry.kind == BINARY:
                try:
                    if flush_entry(entry):
                        b = entry.held
                        entry.kind, entry.ref, entry.held = WEAK, ref(b), getattr(b, 'raw', None)
                        continue
                except Exception:
                    pass
                writers.pop(id(entry), None)
        counts[0] = 0

    def track(f):
        t = type(f)
        if t is TextIOWrapper:
            b = f.buffer
            if type(b) in WRITERS:
                f.reconfigure(write_through=True)
                entry = Entry(TEXT, None, b, get_ident())
                entry.ref = ref(f, entry.collected)
                entry.mode = getattr(f, 'mode', None)
                entry.encoding = f.encoding
                writers[id(entry)] = entry
                if len(writers) > counts[1]:
                    sweep(writers, 1)
                return
        elif t in WRITERS:
            # The cap is checked before this file joins: a file just opened has had no chance to
            # be written yet, and must not be demoted before it is.
            if counts[0] >= BINARY_CAP:
                demote_binaries()
            elif len(writers) > counts[1]:
                sweep(writers, 1)
            entry = Entry(BINARY, None, f, get_ident())
            writers[id(entry)] = entry
            counts[0] += 1
            return
        entry = Entry(WEAK, ref(f), None, 0)
        others[id(entry)] = entry
        if len(others) > counts[2]:
            sweep(others, 2)

    def open(file, mode='r', buffering=-1, encoding=None, errors=None, newline=None, closefd=True, opener=None):
        try:
            f = real_open(file, mode, buffering, encoding, errors, newline, closefd, opener)
        except OSError as e:
            if e.errno not in (23, 24):  # ENFILE, EMFILE: files the program dropped may hold fds
                raise
            reclaim()
            f = real_open(file, mode, buffering, encoding, errors, newline, closefd, opener)
        try:
            track(f)
        except Exception:
            pass  # never fail an open() that succeeded; the file is merely not tracked
        return f

    # As CPython names it (GraalPy's builtins.open says 'builtins', its io.open '_io').
    open.__module__ = '_io'
    open.__qualname__ = 'open'
    open.__doc__ = real_open.__doc__

    def reclaim():
        """Out of fds: let the collector take the files the program dropped, and close them."""
        demote_binaries()
        import gc
        gc.collect()
        sweep(writers, 1)
        sweep(others, 2)
        # GraalPy closes a collected FileIO's fd from an asynchronous action; give it a moment.
        import time
        time.sleep(0.05)

    def at_run_end():
        """End of a run/call/task: the writers of this thread and of ended threads reach the OS."""
        me = get_ident()
        threading = sys.modules.get('threading')
        active = getattr(threading, '_active', None) if threading is not None else None
        for key, entry in list(writers.items()):
            if entry.owner != me and active is not None and entry.owner in active:
                continue  # a thread still running may be writing to it right now
            try:
                if flush_entry(entry):
                    continue
            except Exception:
                continue  # a detached raw stream, say: the file stays tracked as it is
            if writers.pop(key, None) is not None and entry.kind == BINARY:
                counts[0] -= 1

    def flush_all():
        """Every writer's data to the OS, files left open (the process is ending under running code)."""
        for entry in list(writers.values()):
            try:
                flush_entry(entry)
            except Exception:
                pass

    def close_all():
        """Destroy and exit: every file this interpreter opened and left open is closed."""
        for table in (writers, others):
            entries = list(table.values())
            table.clear()
            for entry in entries:
                try:
                    close_entry(entry)
                except Exception:
                    pass
        counts[0] = 0

    # builtins.open and io.open are one function, as on CPython; io, if not imported yet, takes
    # its open from _io.
    builtins.open = open
    _io.open = open
    io = sys.modules.get('io')
    if io is not None:
        io.open = open
    return (writers, at_run_end, flush_all, close_all)


_interpreters4j_files
