"""concurrent.interpreters: CPython 3.14's API for multiple interpreters (PEP 734), on interpreters4j.

The same interpreters as PEP 554's `interpreters` module: one created here is listed, usable and
closable there, and the other way round. Each interpreter is a GraalPy context with a thread of
its own; exec() and call() run there while the calling thread waits (holding no GIL).

Beyond CPython 3.14: a function of the main program that is not in its file (-c code, a lambda,
one defined by exec) is sent as its code instead of failing, and queues wait without polling.
The differences that remain are listed in the interpreters4j semantics guide.
"""

import threading as _threading
import types as _types
import weakref as _weakref

import _interpreters4j as _i4j
from _interpreters4j import NotShareableError
from ._queues import Queue, QueueEmpty, QueueFull, create as create_queue

__all__ = [
    'get_current', 'get_main', 'create', 'list_all', 'is_shareable',
    'Interpreter',
    'InterpreterError', 'InterpreterNotFoundError', 'ExecutionFailed',
    'NotShareableError',
    'create_queue', 'Queue', 'QueueEmpty', 'QueueFull',
]


class InterpreterError(Exception):
    """A cross-interpreter operation failed."""


class InterpreterNotFoundError(InterpreterError):
    """No interpreter has that id (never created, or closed)."""


class ExecutionFailed(InterpreterError):
    """An exception escaped Interpreter.exec() or Interpreter.call() in the other interpreter.

    `excinfo` describes it (objects do not cross): `type` (with __name__, __qualname__ and
    __module__), `msg`, `formatted` (its last traceback line) and `errdisplay` (its traceback).
    """

    def __init__(self, excinfo):
        msg = excinfo.formatted
        if not msg:
            if excinfo.type and excinfo.msg:
                msg = '%s: %s' % (excinfo.type.__name__, excinfo.msg)
            else:
                msg = excinfo.type.__name__ or excinfo.msg
        super().__init__(msg)
        self.excinfo = excinfo

    def __str__(self):
        display = getattr(self.excinfo, 'errdisplay', None)
        if not display:
            return super().__str__()
        return '%s\n\nUncaught in the interpreter:\n\n%s' % (super().__str__(), display.rstrip('\n'))


def _excinfo(type_name, message, traceback):
    module, _, qualname = type_name.rpartition('.')
    if not module:
        module = 'builtins'
    name = qualname.rpartition('.')[2]
    formatted = type_name if module != 'builtins' else qualname
    if message:
        formatted += ': ' + message
    return _types.SimpleNamespace(
        type=_types.SimpleNamespace(__name__=name, __qualname__=qualname, __module__=module),
        msg=message,
        formatted=formatted,
        errdisplay=traceback,
    )


def _failed(wire):
    """The ExecutionFailed a RUN_FAILED wire stands for."""
    err = ExecutionFailed(_excinfo(str(wire.text), str(wire.text2), str(wire.text3)))
    err._remote_args = _i4j._text(wire.ref)  # repr of its args when plain literals (for the pool)
    return err


def _error(wire):
    """The exception an error Wire stands for, as CPython 3.14's module raises it (for _checked)."""
    kind = wire.kind
    if kind == _i4j._RUN_FAILED:
        name = str(wire.text)
        if name in ('<args not shareable>', '<result not shareable>'):
            err = NotShareableError(name[1:-1])
            err.__cause__ = NotShareableError(str(wire.text2) or name)
            return err
        return _failed(wire)
    message = _i4j._text(wire.text) or 'interpreters4j error %d' % kind
    if kind == _i4j._E_INTERP_NOT_FOUND:
        return InterpreterNotFoundError(message)
    if kind == _i4j._E_RUNTIME:
        if 'already running' in message or message.endswith(' is running'):
            return InterpreterError('interpreter already running')
        return InterpreterError(message)
    if kind == _i4j._E_VALUE:
        return NotShareableError(message)
    return _i4j._error(wire)


def _checked(r):
    """The bridge's result `r`, or the exception of CPython 3.14's that its error stands for."""
    return _i4j._checked(r, _error)


def is_shareable(obj):
    """Whether the object's data crosses between interpreters natively, without pickling:
    None, bool, int, float, str, bytes, tuples of shareable objects, memoryview, queues."""
    return _i4j._is_shareable_xi(obj)


def create():
    """Return a new, idle interpreter."""
    return Interpreter._of(_checked(_bridge.create(False, -1)))


def list_all():
    """Return every interpreter, ordered by id, the main one first."""
    return [Interpreter._of(i) for i in _bridge.listAll()]


def get_current():
    """Return the interpreter running the calling code."""
    return Interpreter._of(_bridge.currentId())


def get_main():
    """Return the main interpreter (id 0)."""
    return Interpreter._of(0)


_known = _weakref.WeakValueDictionary()

_WHENCE_RUNTIME = 'runtime init'
_WHENCE_STDLIB = '_interpreters module'


class Interpreter:
    """One interpreter of this process: there is one object per interpreter.

    `id` is its process-wide id (0 for the main interpreter); `whence` says how it was made:
    'runtime init' for the main interpreter, '_interpreters module' for the others.
    """

    def __new__(cls, id, /, _whence=None, _ownsref=None):
        if not isinstance(id, int):
            raise TypeError('id must be an int, got %r' % (id,))
        id = int(id)
        if id < 0:
            raise ValueError('id must be a non-negative int, got %r' % (id,))
        self = _known.get(id)
        if self is not None:
            return self
        if id > _i4j._LONG_MAX or not _bridge.exists(id):
            raise InterpreterNotFoundError('interpreter %d not found' % id)
        return cls._of(id)

    @classmethod
    def _of(cls, id):
        id = int(id)
        self = _known.get(id)
        if self is None:
            self = object.__new__(cls)
            self._id = id
            _known[id] = self
        return self

    def __repr__(self):
        return '%s(%d)' % (type(self).__name__, self._id)

    def __hash__(self):
        return hash(self._id)

    def __eq__(self, other):
        if not isinstance(other, Interpreter):
            return NotImplemented
        return self._id == other._id

    def __reduce__(self):
        return (type(self), (self._id,))

    @property
    def id(self):
        return self._id

    @property
    def whence(self):
        return _WHENCE_RUNTIME if self._id == 0 else _WHENCE_STDLIB

    def is_running(self):
        """Whether the interpreter is executing code (always True for the current one and main)."""
        return _checked(_bridge.isRunning(self._id)) or self._id == 0

    def close(self):
        """Finalize and destroy the interpreter. InterpreterError for the main interpreter, the
        current one and one that is running; InterpreterNotFoundError once closed."""
        _checked(_bridge.destroy(self._id))

    def prepare_main(self, ns=None, /, **kwargs):
        """Bind the given values in the interpreter's __main__. They must be shareable
        (is_shareable()); NotShareableError otherwise, and then nothing is bound."""
        ns = dict(ns, **kwargs) if ns is not None else kwargs
        if not ns:
            raise ValueError('prepare_main() needs at least one name to bind')
        names, kinds, payloads = [], [], []
        for name, value in ns.items():
            if type(name) is not str:
                raise TypeError('names must be str, not %r' % type(name).__name__)
            kind, payload = _i4j._encode_xi(value, False)
            names.append(name)
            kinds.append(kind)
            payloads.append(payload)
        _checked(_bridge.run(self._id, '', names, kinds, payloads, _i4j._FOREVER))

    def exec(self, code, /):
        """Run the code in the interpreter's __main__ (as builtin exec with its __dict__) and wait.

        `code` is source (str), a code object, or a function taking no arguments whose body is
        run. An uncaught exception raises ExecutionFailed here. No return value.
        """
        if type(code) is str:
            _checked(_bridge.run(self._id, code, [], [], [], _i4j._FOREVER))
            return
        if isinstance(code, _types.FunctionType):
            fn = code
            if fn.__closure__:
                raise ValueError('a closure cannot be executed in another interpreter')
            code = fn.__code__
            if code.co_argcount or code.co_kwonlyargcount or code.co_posonlyargcount:
                raise ValueError('a function with arguments cannot be executed as a script')
        if not isinstance(code, _types.CodeType):
            raise TypeError('exec() takes a str, a code object or a function, not %r' % type(code).__name__)
        import marshal
        self._call('!$script', [marshal.dumps(code)], {})

    def call(self, callable, /, *args, **kwargs):
        """Call the object in the interpreter with the arguments and return the result.

        Arguments and the result cross as is_shareable() objects do, and most others pickled (the
        same in each direction). A function that uses no globals of its module runs with the
        interpreter's __main__ as its globals; a function of an importable module is imported
        there; a function of the main program that uses its globals runs in a hidden copy of that
        program ('<fake __main__>'), as CPython 3.14 does; closures are not shareable. An
        exception raises ExecutionFailed here, with the remote traceback.
        """
        spec = _i4j._function_spec(callable, xi=True)
        if spec is None:
            return self._call('!*', (callable,) + args, kwargs)
        return self._call('!' + spec, args, kwargs)

    def _call(self, spec, args, kwargs):
        kinds, payloads = [], []
        for a in args:
            kind, payload = _i4j._encode_xi(a)
            kinds.append(kind)
            payloads.append(payload)
        names, kw_kinds, kw_payloads = [], [], []
        for name, value in kwargs.items():
            kind, payload = _i4j._encode_xi(value)
            names.append(name)
            kw_kinds.append(kind)
            kw_payloads.append(payload)
        r = _checked(_bridge.call(self._id, spec, kinds, payloads, names, kw_kinds, kw_payloads, _i4j._FOREVER))
        t = type(r)
        if t is str or t is int or t is float or t is bool:
            return r
        return _i4j._decode(r)

    def call_in_thread(self, callable, /, *args, **kwargs):
        """Start and return a thread that calls the object in the interpreter; its result and
        exception are discarded (the exception goes to threading.excepthook)."""
        t = _threading.Thread(target=self.call, args=(callable, *args), kwargs=kwargs)
        t.start()
        return t
