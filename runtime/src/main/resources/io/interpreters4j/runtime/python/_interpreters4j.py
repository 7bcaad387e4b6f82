"""The implementation of the `interpreters` module (PEP 554) on interpreters4j.

Every call goes to `_bridge`, the Java object of this interpreter (io.interpreters4j.runtime.Bridge),
which acts for this interpreter whichever thread calls. The bridge never raises: it returns values
(plain str and int, or a Wire object for everything else), and, in place of a result, an error
Wire, which `_checked` (the one place that tells an error) raises as the documented exception.
Blocking bridge calls release this interpreter's GIL while they wait.

The message format (io.interpreters4j.runtime.data.Wire) defines the kinds of Wire, and which
Python exception each error kind raises; this module reads them at import, below, and binds each
kind as _NAME (_NONE, _BYTES, ..., _OK, _NOTHING, _RUN_FAILED).
"""

import sys as _sys

# _bridge is set by the runtime's module loader before this code runs.

_ERROR_NAMES = {}  # error kind -> the name of the exception it raises (resolved in _ERRORS below)
for _entry in _bridge.wireKinds():
    _name, _code, *_exception = str(_entry).split(' ')
    globals()['_' + _name] = int(_code)
    if _exception:
        _ERROR_NAMES[int(_code)] = _exception[0]
_FIRST_ERROR = min(_ERROR_NAMES)  # every kind from here on is an error, and nothing else is
del _entry, _name, _code, _exception

_LONG_MIN, _LONG_MAX = -(1 << 63), (1 << 63) - 1
_FOREVER = -1
_MAX_BUDGET = (1 << 62)


# ---------------------------------------------------------------------------- exceptions

class RunFailedError(RuntimeError):
    """Interpreter.run() resulted in an uncaught exception.

    `__cause__` is a surrogate of that exception: an instance of the same type when it is a
    built-in exception (so `raise exc.__cause__` is caught by `except KeyError`), else a
    RemoteError. `str()` shows the traceback printed in the other interpreter.
    """

    def __init__(self, remote_type, remote_message, remote_traceback):
        text = remote_traceback.rstrip() or (remote_type + ': ' + remote_message)
        super().__init__(text)
        self.remote_type = remote_type
        self.remote_message = remote_message
        self.remote_traceback = remote_traceback


class RemoteError(Exception):
    """Stands for an exception, of a type that is not built in, raised in another interpreter."""

    def __init__(self, remote_type, remote_message, remote_traceback):
        super().__init__(remote_message)
        self.remote_type = remote_type
        self.remote_message = remote_message
        self.remote_traceback = remote_traceback

    def __str__(self):
        if self.remote_message:
            return self.remote_type + ': ' + self.remote_message
        return self.remote_type


class RunTimeoutError(RunFailedError):
    """Interpreter.run(..., timeout=) did not finish in time; the code was interrupted."""

    def __init__(self, message):
        RuntimeError.__init__(self, message)
        self.remote_type = 'KeyboardInterrupt'
        self.remote_message = message
        self.remote_traceback = ''


class InterpreterNotFoundError(RuntimeError):
    """No live interpreter has that id."""


class NotShareableError(ValueError):
    """The object cannot be passed between interpreters (CPython 3.14's name; a ValueError)."""


class ChannelError(Exception):
    """The base class for channel-related exceptions."""


class ChannelNotFoundError(ChannelError):
    """The identified channel was not found."""


class ChannelEmptyError(ChannelError, TimeoutError):
    """Nothing was sent within the timeout (or right now, for a zero timeout)."""


class ChannelNotEmptyError(ChannelError):
    """The channel was closed without force while senders were waiting."""


class NotReceivedError(ChannelError, TimeoutError):
    """Nothing received the sent object within the timeout; it was withdrawn."""


class ChannelClosedError(ChannelError):
    """The channel is closed."""


class ChannelReleasedError(ChannelClosedError):
    """This interpreter released the channel end."""


def _exception_class(name):
    """The exception class `name` stands for: a built-in, one of this module's, or 'module.Class'
    (CPython 3.14's queue errors), imported when first raised."""
    module, _, attr = name.rpartition('.')
    if module:
        import importlib
        return getattr(importlib.import_module(module), attr)
    import builtins
    return getattr(builtins, name, None) or globals()[name]


# error kind -> exception class; a 'module.Class' is resolved on first use (by _error)
_ERRORS = {kind: _exception_class(name) for kind, name in _ERROR_NAMES.items() if '.' not in name}


def _text(java_string):
    # A Java null arrives as a foreign None, not as None.
    return java_string if type(java_string) is str else None


def _surrogate(type_name, builtin, message, traceback, args_repr):
    exc = None
    if builtin:
        import builtins
        cls = getattr(builtins, type_name, None)
        if isinstance(cls, type) and issubclass(cls, BaseException):
            try:
                if args_repr is not None:
                    import ast
                    exc = cls(*ast.literal_eval(args_repr))
                else:
                    exc = cls(message)
            except Exception:
                exc = None
    if exc is None:
        return RemoteError(type_name, message, traceback)
    exc.remote_type = type_name
    exc.remote_message = message
    exc.remote_traceback = traceback
    return exc


def _error(wire):
    """The exception an error Wire stands for (a RunFailedError comes with its __cause__)."""
    kind = wire.kind
    if kind == _RUN_FAILED:
        type_name, message, tb = str(wire.text), str(wire.text2), str(wire.text3)
        err = RunFailedError(type_name, message, tb)
        err.__cause__ = _surrogate(type_name, wire.num == 1, message, tb, _text(wire.ref))
        return err
    cls = _ERRORS.get(kind)
    if cls is None:
        name = _ERROR_NAMES.get(kind)
        cls = _ERRORS[kind] = _exception_class(name) if name else RuntimeError
    return cls(_text(wire.text) or 'interpreters4j error %d' % kind)


def _checked(r, error=_error):
    """The bridge's result `r`; if it is an error instead, raises the exception it stands for.

    The one way to tell an error: a Wire whose kind is an error kind. Plain results (bool, int,
    float, str), arrays, other Java objects and value Wires pass through. `error` makes the
    exception of an error Wire: concurrent.interpreters raises CPython 3.14's exceptions.
    """
    t = type(r)
    if t is bool or t is int or t is str or t is float:
        return r
    if getattr(r, 'kind', _NONE) >= _FIRST_ERROR:
        raise error(r)
    return r


def _is_nothing(r):
    """Whether the bridge's result `r` is NOTHING: a wait that found no partner in time."""
    return getattr(r, 'kind', None) == _NOTHING


# ---------------------------------------------------------------------------- shareable data

def is_shareable(obj):
    """Return True if the object's data may be passed between interpreters.

    Exactly None, bytes, str, int (exact types, any size) and channel ends. Buffers go through
    send_buffer() instead.
    """
    try:
        _encode(obj)
    except ValueError:
        return False
    return True


def _encode(obj):
    """(kind, payload) of a shareable object: the one list of what is shareable. ValueError if not."""
    t = type(obj)
    if t is str:
        return _PLAIN, obj
    if t is int:
        if _LONG_MIN <= obj <= _LONG_MAX:
            return _PLAIN, obj
        return _BIGINT, format(obj, 'x')
    if obj is None:
        return _NONE, None
    if t is bytes:
        return _BYTES, obj
    if t is RecvChannel:
        return _RECV_END, obj._ch
    if t is SendChannel:
        return _SEND_END, obj._ch
    raise NotShareableError('%r object is not shareable between interpreters' % t.__name__)


def _decode(v):
    t = type(v)
    if t is str or t is int or t is float or t is bool:
        return v
    kind = v.kind
    if kind == _NONE:
        return None
    if kind == _BYTES:
        return str(v.text).encode('latin-1')
    if kind == _BYTES_NATIVE:
        import ctypes
        staged = v.ref  # keeps the native copy alive while it is read
        data = ctypes.string_at(v.num, v.size)
        del staged
        return data
    if kind == _BIGINT:
        return int(str(v.text), 16)
    if kind == _RECV_END:
        return RecvChannel._of(v.num, v.ref)
    if kind == _SEND_END:
        return SendChannel._of(v.num, v.ref)
    if kind == _BUFFER:
        return _buffer_view(v.ref, v.num, v.size)
    if kind == _BUFFER_COPY:
        return memoryview(bytearray(str(v.text).encode('latin-1')))
    if kind == _TUPLE:
        return tuple([_decode(x) for x in v.ref])
    if kind == _PICKLED:
        return _unpickle(_decode(v.ref), _text(v.text))
    if kind == _QUEUE:
        from concurrent.interpreters._queues import Queue
        return Queue._of(v.num, v.ref)
    raise _error(v)  # not a value: an error


# ---------------------------------------------------------------------------- CPython 3.14's data rules
# concurrent.interpreters shares more than PEP 554: bool, float, tuples of shareable objects,
# memoryview and queues natively; most other objects travel pickled (call() arguments and results,
# queue items). One home for these rules: the encoder below, and _decode above for every kind.

def _is_shareable_xi(obj):
    """CPython 3.14's is_shareable(): natively shareable, without pickling."""
    t = type(obj)
    if obj is None or t is str or t is int or t is bytes or t is bool or t is float or t is memoryview:
        return True
    if t is tuple:
        return all(_is_shareable_xi(x) for x in obj)
    return t is RecvChannel or t is SendChannel or getattr(t, '_i4j_queue', False)


def _encode_xi(obj, fallback=True):
    """(kind, payload) by CPython 3.14's rules: natively if shareable, else (with `fallback`)
    pickled; NotShareableError when neither works."""
    t = type(obj)
    if t is bool:
        return _BOOL, obj
    if t is float:
        return _FLOAT, obj
    if t is tuple:
        try:
            kinds, payloads = [], []
            for x in obj:
                kind, payload = _encode_xi(x, False)
                kinds.append(kind)
                payloads.append(payload)
            return _TUPLE, [kinds, payloads]
        except NotShareableError:
            if not fallback:
                raise
            return _PICKLED, _pickle(obj)
    if t is memoryview:
        return _BUFFER, _share_buffer(obj)
    if getattr(t, '_i4j_queue', False):
        return _QUEUE, obj._q
    try:
        return _encode(obj)
    except NotShareableError:
        if not fallback:
            raise
    return _PICKLED, _pickle(obj)


def _main_file():
    """The absolute path of this interpreter's main program, or None (-c code, no program)."""
    main = _sys.modules.get('__main__')
    f = getattr(main, '__file__', None)
    if type(f) is not str:
        return None
    import os
    return os.path.abspath(f)


def _pickle(obj):
    """A pickled object's payload: [the pickle, this interpreter's __main__ file or None]."""
    import pickle
    try:
        data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as e:
        raise NotShareableError('%r object is not shareable between interpreters: it cannot be pickled (%s)'
                                % (type(obj).__name__, e)) from e
    return [data, _main_file()]


def _unpickle(data, main_file):
    """Unpickles what another interpreter pickled. A name of its __main__ that this interpreter's
    __main__ lacks is looked up in the sender's main file, run here as a hidden module (as 3.14)."""
    import io
    import pickle

    # pickle._Unpickler (the pure-Python one): GraalPy's _pickle.Unpickler ignores find_class
    # overridden in a subclass.
    class Unpickler(pickle._Unpickler):
        def find_class(self, module, name):
            if module == '__main__' or module == _FAKE_MAIN:
                try:
                    return _qualified(_sys.modules['__main__'], name)
                except AttributeError:
                    if not main_file:
                        raise
                    return _qualified(_fake_main(main_file), name)
            return super().find_class(module, name)

    return Unpickler(io.BytesIO(data)).load()


def _qualified(obj, qualname):
    for part in qualname.split('.'):
        obj = getattr(obj, part)
    return obj


_fake_mains = {}  # main file -> the hidden module that runs it in this interpreter
_FAKE_MAIN = '<fake __main__>'


def _fake_main(path):
    """The module '<fake __main__>': another interpreter's main file, run here once, apart from
    this interpreter's own __main__ (as CPython 3.14 does to find a pickled __main__ function)."""
    module = _fake_mains.get(path)
    if module is None:
        module = type(_sys)(_FAKE_MAIN)
        module.__file__ = path
        with open(path, 'rb') as f:
            source = f.read()
        _fake_mains[path] = module
        # Importable by its name, so that what its functions return pickles (by reference, as
        # the sender's __main__.name, which is what a receiver looks for).
        _sys.modules[_FAKE_MAIN] = module
        try:
            exec(compile(source, path, 'exec'), module.__dict__)
        except BaseException:
            del _fake_mains[path]
            raise
    return module


def _stateless(fn):
    """Whether a function uses no state of its module: no closure, no defaults, and no global name
    its module defines (builtins are fine). 3.14 sends such a function as its code."""
    if fn.__closure__ or fn.__defaults__ or fn.__kwdefaults__:
        return False
    module_globals = fn.__globals__
    import types
    codes = [fn.__code__]
    while codes:
        code = codes.pop()
        for name in code.co_names:
            if name in module_globals:
                return False
        codes.extend(c for c in code.co_consts if isinstance(c, types.CodeType))
    return True


def _seconds(timeout):
    """A timeout as error messages name it."""
    return 'the timeout' if timeout is None else '%g s' % max(timeout, 0)


def _budget(timeout):
    if timeout is None:
        return _FOREVER
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
        raise TypeError('timeout must be a number of seconds or None, not %r' % type(timeout).__name__)
    if timeout != timeout or timeout < 0:
        raise ValueError("'timeout' must be a non-negative number")
    return min(int(timeout * 1e9), _MAX_BUDGET)


def _check_id(id, what):
    if isinstance(id, bool) or not isinstance(id, int):
        raise TypeError('%s id must be an int, not %r' % (what, type(id).__name__))
    return int(id)


# ---------------------------------------------------------------------------- interpreters

def create(*, isolated=False, time_limit=None):
    """Initialize a new (idle) Python interpreter and return it.

    isolated=True makes it pure computation: no file or process I/O, no native access, no threads,
    no environment (an isolated interpreter may only create, run and destroy isolated ones).
    time_limit (seconds) interrupts any run() of it that gives no timeout of its own.
    """
    if time_limit is not None and _budget(time_limit) <= 0:
        raise ValueError('time_limit must be positive')
    return Interpreter._of(_checked(_bridge.create(bool(isolated), -1 if time_limit is None else _budget(time_limit))))


def list_all():
    """Return every live interpreter, ordered by id, the main one first."""
    return [Interpreter._of(i) for i in _bridge.listAll()]


def get_current():
    """Return the interpreter running the calling code."""
    return Interpreter._of(_bridge.currentId())


def get_main():
    """Return the main interpreter (id 0)."""
    return Interpreter._of(0)


def _names(mapping, what):
    try:
        items = list(mapping.items())
    except AttributeError:
        raise TypeError('%s must be a mapping of names to values, not %r' % (what, type(mapping).__name__)) from None
    for name, _ in items:
        if type(name) is not str:
            raise TypeError('%s names must be str, not %r' % (what, type(name).__name__))
    return items


class Interpreter:
    """A single interpreter in this process. Interpreter(id) looks up a live one."""

    __slots__ = ('_id', '__weakref__')

    def __init__(self, id):
        id = _check_id(id, 'interpreter')
        if not _LONG_MIN <= id <= _LONG_MAX or not _bridge.exists(id):
            raise InterpreterNotFoundError('interpreter %d does not exist' % id)
        self._id = id

    @classmethod
    def _of(cls, id):
        self = object.__new__(cls)
        self._id = int(id)
        return self

    @property
    def id(self):
        """The interpreter's id (read-only)."""
        return self._id

    def __eq__(self, other):
        if not isinstance(other, Interpreter):
            return NotImplemented
        return self._id == other._id

    def __hash__(self):
        return hash(self._id)

    def __repr__(self):
        return '%s(%d)' % (type(self).__name__, self._id)

    def is_running(self):
        """Return whether the interpreter is executing code (always True for the current one)."""
        return _checked(_bridge.isRunning(self._id))

    def destroy(self):
        """Finalize and destroy the interpreter (not main, not the current one, not while running)."""
        _checked(_bridge.destroy(self._id))

    def interrupt(self):
        """Stop the code this interpreter is running (loops, sleeps, channel waits) within ~100 ms.

        Every Python thread executing in it at that moment is stopped; the run() in progress ends
        with RunFailedError caused by KeyboardInterrupt. Returns whether a run was in progress.
        """
        return _checked(_bridge.interrupt(self._id))

    def run(self, src, /, *, channels=None, shared=None, timeout=None):
        """Run the source code in the interpreter's __main__, on its own thread, and wait.

        `channels` maps names to channel ends and `shared` names to shareable objects; each is bound
        in the interpreter's __main__ first. An uncaught exception raises RunFailedError here.
        With `timeout` (seconds), code still running then is interrupted: RunTimeoutError.
        """
        if not isinstance(src, str):
            raise TypeError('src must be a str, not %r' % type(src).__name__)
        names, kinds, payloads = [], [], []
        if channels is not None:
            for name, end in _names(channels, 'channels'):
                if type(end) is not RecvChannel and type(end) is not SendChannel:
                    raise ValueError('channels values must be channel ends, not %r' % type(end).__name__)
                kind, payload = _encode(end)
                names.append(name)
                kinds.append(kind)
                payloads.append(payload)
        if shared is not None:
            items = _names(shared, 'shared')
            shared_kinds, shared_payloads = _encode_all(value for _, value in items)
            names.extend(name for name, _ in items)
            kinds.extend(shared_kinds)
            payloads.extend(shared_payloads)
        _checked(_bridge.run(self._id, str(src), names, kinds, payloads, _budget(timeout)))

    def call(self, callable, /, *args, **kwargs):
        """Call callable(*args, **kwargs) in this interpreter, on its own thread, and return the result.

        `callable` is either a name as this interpreter sees it ('score', 'len', 'json.dumps': a
        name in its __main__, a built-in, or a dotted path into a module), or a function:
        - a function of an importable module (math.factorial, mylib.parse) is called by
          reference: the interpreter imports that module;
        - a function of this program (__main__) is sent as its source, once per interpreter, and
          defined in that interpreter's __main__, whose names it then uses (send helpers and
          imports with run() or an initializer first); a lambda, or a function whose source is
          not on file, is sent as its compiled code instead. Closures cannot be sent.
        Arguments and the result must be shareable (ValueError here if an argument is not). An
        exception in the call raises RunFailedError here, with the remote traceback; so does a
        result that is not shareable (caused by ValueError). The call is a run: an interpreter
        that is running refuses it (RuntimeError).
        """
        return self._call(_function_spec(callable), _encode_call(args, kwargs))

    def _call(self, spec, call):
        """Calls `spec` with `call`, arguments that _encode_call() encoded (once, by the caller)."""
        kinds, payloads, names, kw_kinds, kw_payloads = call
        r = _bridge.call(self._id, spec, kinds, payloads, names, kw_kinds, kw_payloads, _FOREVER)
        t = type(r)
        if t is str or t is int:
            return r
        return _decode(r)


_NO_VALUES = ()


def _encode_call(args, kwargs):
    """A call's arguments, encoded: (kinds, payloads, names, kw_kinds, kw_payloads).

    ValueError if one is not shareable. Encoded once, it can be sent any number of times.
    """
    kinds, payloads = _encode_all(args)
    if kwargs:
        kw_kinds, kw_payloads = _encode_all(kwargs.values())
        return kinds, payloads, list(kwargs), kw_kinds, kw_payloads
    return kinds, payloads, _NO_VALUES, _NO_VALUES, _NO_VALUES


def _call_many(interp_id, spec, encoded_args):
    """Calls of one function in one run of interpreter `interp_id`, one per element of
    `encoded_args`: the (kinds, payloads) of its positional arguments, as _encode_all() gives them.

    Returns a list with, per call, (True, result) or (False, the RunFailedError it raised).
    """
    kinds = [k for k, _ in encoded_args]
    payloads = [p for _, p in encoded_args]
    r = _checked(_bridge.callMany(interp_id, spec, kinds, payloads))
    out = []
    for v in r:
        t = type(v)
        if t is str or t is int:
            out.append((True, v))
        elif v.kind == _RUN_FAILED:
            out.append((False, _error(v)))
        else:
            out.append((True, _decode(v)))
    return out


def _encode_all(values):
    """Two lists, (kinds, payloads), for shareable `values`; ValueError if one is not shareable."""
    kinds, payloads = [], []
    for v in values:
        kind, payload = _encode(v)
        kinds.append(kind)
        payloads.append(payload)
    return kinds, payloads


# ---------------------------------------------------------------------------- calls: what a function is sent as

_specs = {}  # (code object, sent as code?) -> the call spec of a function sent by value (see _code_spec)


def _function_spec(fn, xi=False):
    """The call spec for `fn`, as _boot.resolve defines it.

    With `xi` (concurrent.interpreters, CPython 3.14's rules), None when `fn` has to travel as
    pickled data instead, '@file:qualname' for a function of the main program that uses its
    globals (run in a hidden copy of that module, as 3.14), and a stateless function goes as its
    code, whatever its module; functions of __main__ that 3.14 cannot send (lambdas, -c code)
    also go as their code. Closures raise NotShareableError.
    """
    if xi:
        return _function_spec_xi(fn)
    if type(fn) is str:
        if not fn or not all(part.isidentifier() for part in fn.split('.')):
            raise ValueError('%r is not a Python name or dotted path' % fn)
        return fn
    if not callable(fn):
        raise TypeError('call() needs a callable or the name of one, not %r' % type(fn).__name__)
    module = getattr(fn, '__module__', None)
    qualname = getattr(fn, '__qualname__', None)
    if module is not None and module != '__main__' and type(qualname) is str and '<' not in qualname:
        # By reference, as pickle would: the other interpreter imports the module.
        obj = _sys.modules.get(module)
        for part in qualname.split('.'):
            obj = getattr(obj, part, None)
        if obj is fn:
            return module + ':' + qualname
    import types
    if not isinstance(fn, types.FunctionType):
        raise TypeError('%r cannot be sent to another interpreter: send a function, or the name of one' % (fn,))
    if fn.__closure__:
        raise TypeError('function %s cannot be sent to another interpreter: it uses variables of an '
                        'enclosing function (a closure); define it at the top level' % fn.__qualname__)
    return _code_spec(fn, _top_level_source(fn))


def _by_reference(fn):
    """'module:qualname' if `fn` is found again there (as pickle finds it), else None."""
    module = getattr(fn, '__module__', None)
    qualname = getattr(fn, '__qualname__', None)
    if module is None or module == '__main__' or type(qualname) is not str or '<' in qualname:
        return None
    obj = _sys.modules.get(module)
    for part in qualname.split('.'):
        obj = getattr(obj, part, None)
    try:
        same = obj is fn or (obj is not None and obj == fn)
    except Exception:
        same = False
    return module + ':' + qualname if same else None


def _function_spec_xi(fn):
    import types
    if type(fn) is types.FunctionType:
        if fn.__closure__:
            raise NotShareableError('function %s cannot be sent to another interpreter: it is a closure'
                                    % fn.__qualname__)
        if _stateless(fn):
            return _code_spec(fn, None)
        spec = _by_reference(fn)
        if spec is not None:
            return spec
        if fn.__module__ == '__main__':
            main_file = _main_file()
            if (main_file is not None and '<' not in fn.__qualname__ and fn.__code__.co_filename == main_file
                    and getattr(_qualified(_sys.modules['__main__'], fn.__qualname__), '__code__', None) is fn.__code__):
                return '@' + main_file + ':' + fn.__qualname__
            return _code_spec(fn, None)  # beyond 3.14: -c code, lambdas, functions defined by exec
        raise NotShareableError('function %s cannot be sent to another interpreter: it is local to a function '
                                'and uses its module\'s globals' % fn.__qualname__)
    if not callable(fn):
        return None  # as 3.14: sent, and calling it fails there
    return _by_reference(fn)  # None: pickled with the arguments


def _code_spec(fn, source):
    """'#key' for a function sent as its source (a top-level def) or, without, as its code."""
    code = fn.__code__
    spec = _specs.get((code, source is None))
    if spec is not None:
        return spec
    if source is not None:
        key = _checked(_bridge.registerFunction(fn.__name__, source, None))
    else:
        import marshal
        try:
            data = marshal.dumps((code, fn.__defaults__, fn.__kwdefaults__))
        except ValueError:
            raise TypeError('function %s cannot be sent to another interpreter: its default values are '
                            'not plain data' % fn.__qualname__) from None
        key = _checked(_bridge.registerFunction(fn.__name__, None, data))
    spec = '#%d' % key
    if source is not None or (fn.__defaults__ is None and fn.__kwdefaults__ is None):
        # Same code, same function: only functions without defaults of their own share a spec.
        _specs[(code, source is None)] = spec
    return spec


def _top_level_source(fn):
    """The source of a `def` at the top level of its file, or None (lambdas, nested, not on file)."""
    if fn.__name__ != fn.__qualname__ or fn.__name__ == '<lambda>':
        return None
    try:
        import inspect
        import textwrap
        source = textwrap.dedent(inspect.getsource(fn))
    except (OSError, TypeError):
        return None
    first = source.lstrip()
    if not (first.startswith('def ') or first.startswith('async def ') or first.startswith('@')):
        return None
    return source


# ---------------------------------------------------------------------------- channels

def create_channel():
    """Create a new channel and return its ends: (RecvChannel, SendChannel)."""
    w = _bridge.channelCreate()
    return RecvChannel._of(w.num, w.ref), SendChannel._of(w.num, w.ref)


def list_all_channels():
    """Return every open channel as a (RecvChannel, SendChannel) pair, ordered by id."""
    return [(RecvChannel._of(w.num, w.ref), SendChannel._of(w.num, w.ref)) for w in _bridge.channelList()]


class _ChannelEnd:
    # _ch: the engine's channel object (Java), which outlives the registry's entry.
    __slots__ = ('_id', '_ch', '__weakref__')
    _END = -1

    def __init__(self, id):
        id = _check_id(id, 'channel')
        if not _LONG_MIN <= id <= _LONG_MAX:
            raise ChannelNotFoundError('channel %d not found' % id)
        w = _checked(_bridge.channelLookup(id))
        self._id = int(w.num)
        self._ch = w.ref

    @classmethod
    def _of(cls, id, ch):
        self = object.__new__(cls)
        self._id = int(id)
        self._ch = ch
        return self

    @property
    def id(self):
        """The channel's id, shared with the other end."""
        return self._id

    def __eq__(self, other):
        if type(other) is not type(self):
            return NotImplemented
        return self._id == other._id

    def __hash__(self):
        return hash((type(self).__name__, self._id))

    def __repr__(self):
        return '%s(%d)' % (type(self).__name__, self._id)

    @property
    def interpreters(self):
        """The interpreters associated with this end, ordered by id."""
        return [Interpreter._of(i) for i in _checked(_bridge.channelInterpreters(self._ch, self._END))]

    def release(self):
        """This interpreter stops using this end, for good. True the first time, False after."""
        return _checked(_bridge.release(self._ch, self._END))

    def close(self, force=False):
        """Close the channel; see the interpreters4j semantics guide for each end."""
        _checked(_bridge.close(self._ch, self._END, bool(force)))

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        # Leaving a `with` block closes the end, like close(); already closed is fine.
        try:
            self.close()
        except ChannelClosedError:
            pass
        return False


class RecvChannel(_ChannelEnd):
    """The receiving end of a channel."""

    __slots__ = ()
    _END = 0

    def recv(self, timeout=None):
        """Wait for a sender and return its object; ChannelEmptyError after `timeout` seconds."""
        v = _bridge.recv(self._ch, _budget(timeout))
        t = type(v)
        if t is str or t is int:
            return v
        if _is_nothing(v):
            raise ChannelEmptyError('channel %d: nothing was sent within %s' % (self._id, _seconds(timeout)))
        return _decode(v)

    def recv_nowait(self, default=None):
        """Take the object of a sender waiting right now, else return `default`."""
        v = _bridge.recv(self._ch, 0)
        t = type(v)
        if t is str or t is int:
            return v
        if _is_nothing(v):
            return default
        return _decode(v)

    def __iter__(self):
        """Receive until the channel closes."""
        while True:
            try:
                yield self.recv()
            except ChannelClosedError:
                return


class SendChannel(_ChannelEnd):
    """The sending end of a channel."""

    __slots__ = ()
    _END = 1

    def send(self, obj, timeout=None):
        """Send the object's data and wait until it is received; NotReceivedError after `timeout`."""
        kind, payload = _encode(obj)
        self._sent(_bridge.send(self._ch, kind, payload, _budget(timeout)), timeout)

    def send_nowait(self, obj):
        """Hand the object to a receiver waiting right now and return True; else return False."""
        kind, payload = _encode(obj)
        return _checked(_bridge.send(self._ch, kind, payload, 0)) is True

    def send_buffer(self, obj, timeout=None):
        """Send the object's buffer: the receiver gets a memoryview of the same memory."""
        self._sent(_bridge.send(self._ch, _BUFFER, _share_buffer(obj), _budget(timeout)), timeout)

    def send_buffer_nowait(self, obj):
        """send_buffer() only to a receiver waiting right now; True if it took it, else False."""
        return _checked(_bridge.send(self._ch, _BUFFER, _share_buffer(obj), 0)) is True

    def _sent(self, r, timeout):
        """What a send with a timeout returned: True, else NOTHING (NotReceivedError) or an error."""
        if _checked(r) is not True:
            raise NotReceivedError('channel %d: nothing received the object within %s' % (self._id, _seconds(timeout)))


def _waiters(end):
    """Diagnostics for tests: (senders, receivers) waiting on the channel of `end` right now."""
    counts = _bridge.waiters(end._ch)
    return int(counts[0]), int(counts[1])


# ---------------------------------------------------------------------------- select

_MISSING = object()


def select(*cases, timeout=None, default=_MISSING):
    """Wait until one of several channel operations can complete, complete it, and return it.

    Each case is a RecvChannel (receive from it) or a (SendChannel, obj) pair (send obj on it).
    Returns (end, value): the end whose operation completed and, for a receive, the object
    received (None for a send). When several are ready, the earliest listed wins. With `default`,
    returns it at once if none is ready (Go's `default:`); with `timeout`, raises TimeoutError if
    none completes within that many seconds.
    """
    if len(cases) == 1 and isinstance(cases[0], list):
        cases = tuple(cases[0])
    if not cases:
        raise ValueError('select() needs at least one case')
    ids, sends, kinds, payloads, ends = [], [], [], [], []
    for case in cases:
        if type(case) is RecvChannel:
            ids.append(case._ch)
            sends.append(False)
            kinds.append(_NONE)
            payloads.append(None)
            ends.append(case)
        elif type(case) is tuple and len(case) == 2 and type(case[0]) is SendChannel:
            kind, payload = _encode(case[1])
            ids.append(case[0]._ch)
            sends.append(True)
            kinds.append(kind)
            payloads.append(payload)
            ends.append(case[0])
        else:
            raise TypeError('a select case is a RecvChannel or a (SendChannel, obj) pair, not %r' % (case,))
    budget = 0 if default is not _MISSING else _budget(timeout)
    r = _checked(_bridge.select(ids, sends, kinds, payloads, budget))
    if _is_nothing(r):
        if default is not _MISSING:
            return default
        raise TimeoutError('select: no case completed within %s' % _seconds(timeout))
    return ends[int(r[0])], _decode(r[1])


# ---------------------------------------------------------------------------- buffers

_array_types = {}


def _shared_array_type(size):
    t = _array_types.get(size)
    if t is None:
        import ctypes
        t = type('SharedMemory', (ctypes.c_char * size,), {'__slots__': ('_i4j_shared',)})
        if len(_array_types) > 512:
            _array_types.clear()
        _array_types[size] = t
    return t


def _buffer_view(shared, address, size):
    """A writable memoryview over shared native memory; it keeps `shared` (Java) alive."""
    arr = _shared_array_type(size).from_address(address)
    arr._i4j_shared = shared
    return memoryview(arr).cast('B')


def create_buffer(size):
    """A writable memoryview of `size` bytes of memory that send_buffer() shares without a copy."""
    size = _check_id(size, 'buffer size')
    if not 0 <= size <= _LONG_MAX:
        raise ValueError('buffer size must be >= 0 and fit in memory, not %d' % size)
    w = _checked(_bridge.allocateBuffer(size))
    return _buffer_view(w.ref, w.num, w.size)


def _share_buffer(obj):
    """The Java SharedBuffer that send_buffer(obj) sends: aliased if obj is shared memory, else a copy."""
    try:
        mv = memoryview(obj)
    except TypeError:
        raise ValueError('%r object does not support the buffer protocol' % type(obj).__name__) from None
    base = mv.obj
    shared = getattr(base, '_i4j_shared', None)
    if shared is not None and mv.c_contiguous and mv.nbytes == len(base):
        # A whole shared buffer (as create_buffer() or recv() gave it): aliased, no copy.
        # A slice of one is copied like any other object: GraalPy's ctypes cannot tell where in
        # the buffer a slice starts.
        return shared
    # Not shared memory: copied once into shared memory (by Java, in bulk).
    source = mv.obj if (type(mv.obj) in (bytes, bytearray) and mv.c_contiguous
                        and mv.nbytes == len(mv.obj)) else mv.tobytes()
    return _checked(_bridge.copyToBuffer(source))
