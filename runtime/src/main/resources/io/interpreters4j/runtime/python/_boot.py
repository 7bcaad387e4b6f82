# Evaluated once in every new interpreter (its Source is cached, so the parse is shared by all
# contexts). The value of the last expression, the boot function, is called by the runtime
# (PythonEngine.boot) with the interpreter's bridge. It must stay small: everything else is
# imported lazily.

_FLAG_NAMES = ('debug', 'inspect', 'interactive', 'optimize', 'dont_write_bytecode', 'no_user_site', 'no_site',
               'ignore_environment', 'verbose', 'bytes_warning', 'quiet', 'hash_randomization', 'isolated',
               'dev_mode', 'utf8_mode', 'warn_default_encoding', 'safe_path', 'int_max_str_digits')


def _hide_inspect_flag(sys):
    """sys.flags as python3 gives them without -i.

    The runtime's contexts run with python.InspectFlag (see PythonEngine), and sys.flags instances
    cannot be created: an equal read-only tuple with the same fields stands in."""
    values = tuple(sys.flags)
    if len(values) != len(_FLAG_NAMES) or values[1] != sys.flags.inspect:
        return  # another layout than CPython 3.12's: leave it
    attrs = {name: property(lambda self, i=i: self[i]) for i, name in enumerate(_FLAG_NAMES)}
    attrs['__slots__'] = ()
    attrs['__module__'] = 'sys'
    attrs['__repr__'] = lambda self: 'sys.flags(%s)' % ', '.join('%s=%r' % (n, v) for n, v in zip(_FLAG_NAMES, self))
    attrs['n_fields'] = attrs['n_sequence_fields'] = len(values)
    attrs['n_unnamed_fields'] = 0
    sys.flags = type('flags', (tuple,), attrs)(values[:1] + (0,) + values[2:])


def _interpreters4j_boot(bridge, path_prefix, module_names, install_files):
    import sys
    # The runtime's own modules (PythonEngine.MODULES), each name -> whether it is a package
    # ('name/' in module_names): PEP 554's `interpreters`, CPython 3.14's `concurrent.interpreters`
    # (GraalPy 25 is Python 3.12) and their implementation modules.
    runtime_modules = {entry.rstrip('/'): entry.endswith('/') for entry in str(module_names).split(' ')}
    # The import system's own classes, from the modules every interpreter starts with: the
    # `importlib` package (importlib.machinery's home) costs a new interpreter 35-70 ms to import,
    # and nothing in a call needs it.
    from _frozen_importlib import ModuleSpec
    from _frozen_importlib_external import PathFinder

    def import_module(name):
        """importlib.import_module(name) for an absolute name, without importing importlib."""
        __import__(name)
        return sys.modules[name]

    class _RuntimeModuleFinder:
        """Serves the runtime's own modules from its resources, and patches a few standard
        modules once they are loaded (_patches)."""

        @staticmethod
        def find_spec(name, path=None, target=None):
            patch = _patches.get(name)
            if patch is not None:
                return _patched_spec(name, path, target, patch)
            if name not in runtime_modules:
                return None
            source = bridge.moduleSource(name)
            if source is None:
                return None
            package = runtime_modules[name]
            spec = ModuleSpec(name, _RuntimeModuleLoader(str(source)), is_package=package,
                              origin='<interpreters4j>/' + name.replace('.', '/') + ('/__init__.py' if package else '.py'))
            if package:
                spec.submodule_search_locations = []
            return spec

    def _patched_spec(name, path, target, patch):
        spec = PathFinder.find_spec(name, path, target)
        if spec is not None and spec.loader is not None:
            spec.loader = _PatchingLoader(spec.loader, patch)
        return spec

    class _PatchingLoader:
        """Loads a standard module as its own loader does, then applies `patch` to it."""

        def __init__(self, loader, patch):
            self._loader = loader
            self._patch = patch

        def __getattr__(self, name):
            return getattr(self._loader, name)

        def create_module(self, spec):
            return self._loader.create_module(spec)

        def exec_module(self, module):
            self._loader.exec_module(module)
            self._patch(module)

    def _add_interpreter_pool_executor(module):
        """concurrent.futures: InterpreterPoolExecutor one of its lazily imported names, as in CPython 3.14."""
        lazy = module.__dict__.get('__getattr__')

        def __getattr__(attr):
            if attr == 'InterpreterPoolExecutor':
                from concurrent.futures.interpreter import InterpreterPoolExecutor
                module.InterpreterPoolExecutor = InterpreterPoolExecutor
                return InterpreterPoolExecutor
            if lazy is None:
                raise AttributeError('module %r has no attribute %r' % (module.__name__, attr))
            return lazy(attr)

        module.__getattr__ = __getattr__
        module.__all__ = tuple(module.__all__) + ('InterpreterPoolExecutor',)

    # The lines of functions sent to this interpreter (define), for tracebacks, by file name, kept
    # here until linecache is imported: importing it (tokenize, re, enum, collections...) took a
    # new interpreter's first call() 0.5-0.7 s, and only a traceback or the program needs it.
    pending_lines = {}

    def _add_pending_lines(module):
        """linecache: the lines of the functions sent before it was imported."""
        module.cache.update(pending_lines)
        pending_lines.clear()

    _patches = {'concurrent.futures': _add_interpreter_pool_executor, 'linecache': _add_pending_lines}

    class _RuntimeModuleLoader:
        def __init__(self, source):
            self.source = source

        def create_module(self, spec):
            return None

        def exec_module(self, module):
            module.__dict__['_bridge'] = bridge
            exec(compile(self.source, module.__spec__.origin, 'exec'), module.__dict__)

    sys.meta_path.insert(0, _RuntimeModuleFinder)
    if sys.flags.inspect:
        _hide_inspect_flag(sys)

    if not sys.argv:
        sys.argv = ['']  # as CPython gives every interpreter; runpy and argparse expect argv[0]
    if path_prefix is not None:
        # Trusted interpreters: the program's directory, then PYTHONPATH, as python3 orders them.
        # The runtime reads PYTHONPATH: importing os here would cost every new interpreter ~50 ms.
        prefix = str(path_prefix).split('\0')
        sys.path[0:0] = prefix[:1] + [p for p in prefix[1:] if p not in sys.path]

    # Every interpreter writes to the process's fds 1 and 2 through a buffer of its own; flushing
    # at each newline keeps their lines in the order they were printed.
    try:
        sys.stdout.reconfigure(line_buffering=True)
    except Exception:
        pass

    main_module = sys.modules['__main__']  # the module run() evaluates code in (see run_main)

    def hash_globals(ns):
        """Keeps the globals `ns` of __main__ in a hash table from now on.

        GraalPy keeps a module's names as the properties of an object, and compiled code that
        reads a global checks that object's shape (which names, in which order). Functions sent
        by source are one compiled code in every interpreter (SharedSources), but each
        interpreter's __main__ has names of its own, so a new interpreter's first call missed
        that check, invalidated the code for all and ran interpreted until it was compiled again
        (0.7-1.1 s for a kernel warmed at 6-11 ms: benchmarks/deopt/main_shapes.py). A key that
        is not a str moves the dict to a hash table for good; names are then looked up by hash,
        the same code for every interpreter."""
        ns[0] = None
        del ns[0]

    hash_globals(main_module.__dict__)

    # Files the program opens are tracked from here on (see _files.py); `open_writers` is empty
    # while no file opened for writing is open, which is all a run's end pays then.
    open_writers, files_at_run_end, files_flush_all, files_close_all = install_files(sys)

    def flush_stdio():
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass

    def after_run():
        """The end of every run, call or task (the host calls it after a run): what it left in
        files and stdio reaches the OS before its caller hears of its end."""
        if open_writers:
            try:
                files_at_run_end()
            except BaseException:
                pass  # each file's error is reported by _files itself; an interrupt here ends only the flush
        flush_stdio()

    def describe_failure(exc, skip_frames):
        """The data of an exception that escaped run(): (type, builtin?, str, traceback, args repr)."""
        t = type(exc)
        module = getattr(t, '__module__', None) or 'builtins'
        builtin = module == 'builtins'
        name = t.__qualname__ if builtin else module + '.' + t.__qualname__
        try:
            message = str(exc)
        except BaseException:
            message = '<exception str() failed>'
        tb = exc.__traceback__
        for _ in range(skip_frames):
            if tb is not None:
                tb = tb.tb_next
        try:
            import traceback
            formatted = ''.join(traceback.format_exception(t, exc, tb))
        except BaseException:
            formatted = name + ': ' + message + '\n'
        args_repr = None
        literal = (str, bytes, int, float, bool, type(None))
        args = getattr(exc, 'args', None)
        if type(args) is tuple and all(type(a) in literal for a in args):
            args_repr = repr(args)
        return (name, builtin, message, formatted, args_repr)

    def bind_for_host(names, values):
        """Binds a run's shared names in __main__; returns None, or the failure if one cannot be decoded."""
        ns = main_module.__dict__
        try:
            from _interpreters4j import _decode
            for i in range(len(names)):
                ns[str(names[i])] = _decode(values[i])
        except BaseException as e:
            return describe_failure(e, 1)
        return None

    def describe_for_host(exc):
        """The failure report of an exception raised by code the runtime evaluated (run()), or
        None for what is not a Python exception (an os._exit() arrives as a foreign one)."""
        if not isinstance(exc, BaseException):
            return None
        return describe_failure(exc, 0)

    defined = {}  # '#key' -> the function this interpreter defined from code a caller sent
    codec = []    # [_decode, _encode] of _interpreters4j, once imported

    def prepare_calls():
        """Imports what a first call() needs (the runtime's module: 20-40 ms in a new
        interpreter). The spares call it while they wait, so that an interpreter made from one
        pays nothing for it (SpareContexts)."""
        from _interpreters4j import _decode, _encode
        codec[:] = (_decode, _encode)

    def define(spec):
        """Defines the sent function `spec` ('#key') in __main__ (its globals), once."""
        from _interpreters4j import _checked
        key = int(spec[1:])
        w = _checked(bridge.functionCode(key))
        name = str(w.text)
        ns = main_module.__dict__
        source = w.text2
        if type(source) is str:
            # A def, as the caller's file has it, evaluated in this __main__ (so that the function
            # finds itself and its helpers by name) from the source every interpreter shares: the
            # same compiled code everywhere. Its lines are kept for tracebacks.
            filename = _checked(bridge.defineFunction(key))
            lines = (len(source), None, source.splitlines(True), filename)
            linecache = sys.modules.get('linecache')
            if linecache is not None:
                linecache.cache[filename] = lines
            else:
                pending_lines[filename] = lines  # linecache gets them when imported
            fn = ns[name]
        else:
            # Marshalled code (a lambda, or a def whose source is not on file).
            import marshal, types
            from _interpreters4j import _decode
            code, defaults, kwdefaults = marshal.loads(_decode(w.ref))
            fn = types.FunctionType(code, ns, name, defaults)
            fn.__kwdefaults__ = kwdefaults
        defined[spec] = fn
        return fn

    def resolve(spec):
        """The callable a call spec names. The one definition of a call spec, the name by which a
        function is sent to another interpreter (made by _interpreters4j._function_spec, checked
        for Java callers by Request.Call):
        - '#key': a function of the caller's program, sent as its source or marshalled code and
          registered once per process under `key` (Bridge.registerFunction); defined here once;
        - 'module:qualname': a function of an importable module, by reference;
        - '@file:qualname': a function of another interpreter's main program `file` that uses its
          globals (CPython 3.14's rules): this __main__'s, else a hidden copy of that program's;
        - a dotted name: a name in this __main__, a built-in, or a path into a module.
        A call of concurrent.interpreters puts '!' before the spec (see call_for_host).
        """
        fn = defined.get(spec)
        if fn is not None:
            return fn
        if spec[0] == '#':
            return define(spec)
        if spec[0] == '@':
            # A function of another interpreter's main program that uses its globals: found in
            # this interpreter's __main__ if it has it, else in a hidden copy of that program.
            from _interpreters4j import _fake_main, _qualified
            path, _, qualname = spec[1:].rpartition(':')
            try:
                return _qualified(sys.modules['__main__'], qualname)
            except AttributeError:
                return _qualified(_fake_main(path), qualname)
        if ':' in spec:
            module, _, path = spec.partition(':')
            obj = import_module(module)
            for part in path.split('.'):
                obj = getattr(obj, part)
            return obj
        parts = spec.split('.')
        ns = main_module.__dict__
        if parts[0] in ns:
            obj = ns[parts[0]]
        else:
            import builtins
            if hasattr(builtins, parts[0]):
                obj = getattr(builtins, parts[0])
            elif len(parts) > 1:
                obj = import_module(parts[0])
            else:
                raise NameError('name %r is not defined in __main__' % parts[0])
        for i in range(1, len(parts)):
            try:
                obj = getattr(obj, parts[i])
            except AttributeError:
                if not hasattr(obj, '__path__'):
                    raise
                obj = import_module(obj.__name__ + '.' + parts[i])  # a submodule not yet imported
        return obj

    def call_for_host(spec, args, kw_names, kw_values, flush=True):
        """One call(): (None, kind, payload) for the result, else (failure,).

        A spec that starts with '!' is a call of concurrent.interpreters (CPython 3.14's rules):
        arguments may be pickled, the result is shared or pickled as 3.14 does, and arguments or
        a result that cannot cross fail as NOT_SHAREABLE_ARGS / NOT_SHAREABLE_RESULT. After the
        '!', '*' means that the callable is the first argument (pickled) and '$script' that the
        one argument is marshalled code to execute in __main__ (Interpreter.exec of a function).
        """
        try:
            if not codec:
                prepare_calls()
            _decode, _encode = codec
            spec = str(spec)
            if spec[0] == '!':
                return call_xi(spec[1:], args, kw_names, kw_values)
            fn = resolve(spec)
            if not callable(fn):
                raise TypeError('%s is a %r object, which is not callable' % (spec, type(fn).__name__))
            positional = [_decode(v) for v in args]
            if len(kw_names):
                result = fn(*positional, **{str(kw_names[i]): _decode(kw_values[i]) for i in range(len(kw_names))})
            else:
                result = fn(*positional)
            try:
                kind, payload = _encode(result)
            except ValueError:
                raise ValueError('the result of %s(), a %r object, is not shareable between interpreters'
                                 % (getattr(fn, '__name__', spec), type(result).__name__)) from None
            return (None, kind, payload)
        except BaseException as e:
            return (describe_failure(e, 1),)
        finally:
            if flush:
                after_run()

    NOT_SHAREABLE_ARGS = '<args not shareable>'
    NOT_SHAREABLE_RESULT = '<result not shareable>'

    def not_shareable(marker, e):
        failure = describe_failure(e, 0)
        return ((marker,) + failure[1:],)

    def call_xi(spec, args, kw_names, kw_values):
        _decode, _encode = codec
        ns = sys.modules['__main__'].__dict__
        try:
            positional = [_decode(v) for v in args]
            kwargs = {str(kw_names[i]): _decode(kw_values[i]) for i in range(len(kw_names))}
        except BaseException as e:
            return not_shareable(NOT_SHAREABLE_ARGS, e)
        if spec == '$script':
            import marshal
            try:
                code = marshal.loads(positional[0])
            except BaseException as e:
                return not_shareable(NOT_SHAREABLE_ARGS, e)
            try:
                exec(code, ns)
            except BaseException as e:
                return (describe_failure(e, 1),)
            return (None,) + _encode(None)
        try:
            fn = positional.pop(0) if spec == '*' else resolve(spec)
            main_relative = _MAIN_RELATIVE.get(id(fn))
            if main_relative is not None and not kwargs and len(positional) <= 1:
                # As in 3.14, where a call has no caller's frame: these builtins act on __main__.
                result = main_relative(ns, *positional)
            else:
                result = fn(*positional, **kwargs)
        except BaseException as e:
            return (describe_failure(e, 1),)
        from _interpreters4j import _encode_xi
        try:
            kind, payload = _encode_xi(result)
        except BaseException as e:
            return not_shareable(NOT_SHAREABLE_RESULT, e)
        return (None, kind, payload)

    import builtins
    _MAIN_RELATIVE = {  # by id(): callables need not be hashable
        id(builtins.eval): lambda ns, *a: eval(a[0], ns) if a else eval(),
        id(builtins.exec): lambda ns, *a: exec(a[0], ns) if a else exec(),
        id(builtins.dir): lambda ns, *a: dir(*a) if a else sorted(ns),
        id(builtins.globals): lambda ns, *a: ns if not a else globals(*a),
        id(builtins.locals): lambda ns, *a: ns if not a else locals(*a),
        id(builtins.vars): lambda ns, *a: vars(*a) if a else ns,
    }

    def call_many_for_host(spec, arg_lists):
        """Many calls of one function (a pool's chunk): the outcome of each, as call_for_host gives it."""
        spec = str(spec)
        try:
            return [call_for_host(spec, args, (), (), False) for args in arg_lists]
        finally:
            after_run()

    def exit_status(e):
        code = e.code
        if code is None:
            return 0
        if isinstance(code, int):  # bool too, as python3: sys.exit(False) is 0, sys.exit(True) 1
            return int(code) & 0xFF
        try:
            print(code, file=sys.stderr)
        except BaseException:
            pass
        return 1

    def flush_files(all_threads):
        """For the host: after a run an interrupt stopped (which left no Python code running to
        do after_run), or for every thread's files when the process ends under running code."""
        if all_threads:
            files_flush_all()
            flush_stdio()
        else:
            after_run()

    def join_threads():
        """As python3 at exit: waits for the non-daemon threads, if the program imported threading
        at all (importing it cold just to find no thread costs seconds). May raise SystemExit."""
        threading = sys.modules.get('threading')
        if threading is not None:
            threading._shutdown()

    def run_atexit():
        """The atexit handlers, last registered first; each failure is printed, none stops the rest."""
        atexit = sys.modules.get('atexit')
        if atexit is not None and atexit._ncallbacks():
            try:
                atexit._run_exitfuncs()
            except BaseException:
                pass  # GraalPy prints every failure, then raises the last one again: printed already

    def finish():
        """The interpreter ends (destroyed, or the process exits), as CPython ends one: its
        non-daemon threads joined, its atexit handlers run, then every file it left open closed."""
        try:
            join_threads()
        except BaseException:
            pass
        run_atexit()
        files_close_all()
        flush_stdio()

    def sigint_raises_keyboard_interrupt():
        """As python3 starts: Ctrl-C (SIGINT) raises KeyboardInterrupt in the program's main
        thread, so that its `finally` blocks run, a traceback is printed and the status is 130,
        unless the process was started with SIGINT ignored (a background job), which stays so.
        GraalPy leaves SIGINT to the JVM, which would end the process at once."""
        try:
            with open('/proc/self/status') as f:
                for line in f:
                    if line.startswith('SigIgn:'):
                        if int(line.split()[1], 16) & (1 << 1):
                            return
                        break
        except OSError:
            pass  # no /proc: install the handler
        try:
            import _signal
            if _signal.getsignal(_signal.SIGINT) == _signal.SIG_DFL:
                _signal.signal(_signal.SIGINT, _signal.default_int_handler)
        except (ImportError, ValueError, OSError, RuntimeError):
            pass  # no signals here: Ctrl-C ends the JVM, as before

    def run_main(path, code, argv):
        """The launcher's program, as `python3 PROG ARGS` / `python3 -c CODE ARGS` runs it."""
        sys.argv = [str(a) for a in argv]
        sigint_raises_keyboard_interrupt()
        # A fresh __main__ for each program, as python3 starts with one: the same module object,
        # emptied, because run() from another interpreter evaluates code in that object.
        ns = main_module.__dict__
        ns.clear()
        ns.update(type(sys)('__main__').__dict__)
        hash_globals(ns)
        sys.modules['__main__'] = main_module
        status = 0
        try:
            if code is not None:
                src, filename = str(code), '<string>'
            else:
                filename = str(path)
                try:
                    with open(filename, 'rb') as f:
                        src = f.read()
                except OSError as e:
                    print("%s: can't open file %r: [Errno %s] %s" % ('interpreters', filename, e.errno, e.strerror),
                          file=sys.stderr)
                    return 2
                # As python3 (3.9+): the program's code and __file__ carry its absolute path, so that
                # tracebacks name it so and find its lines whatever the program's cwd becomes.
                import os
                filename = os.path.abspath(filename)
                ns['__file__'] = filename
            ns['__cached__'] = None
            compiled = compile(src, filename, 'exec')
            exec(compiled, ns)
        except SystemExit as e:
            status = exit_status(e)
        except BaseException as e:
            tb = e.__traceback__
            if tb is not None and tb.tb_frame.f_code is run_main.__code__:
                tb = tb.tb_next
            try:
                sys.excepthook(type(e), e, tb)
            except BaseException:
                pass
            # python3 ends an uncaught Ctrl-C by SIGINT, which a shell reports as 130.
            status = 130 if isinstance(e, KeyboardInterrupt) else 1
        # The program's end, as python3 ends: threads, atexit handlers, then the files left open.
        try:
            join_threads()
        except SystemExit as e:
            status = exit_status(e)
        except BaseException:
            pass
        run_atexit()
        files_close_all()
        # The interpreter lives on (a test harness may run another program in it): undo the
        # "shutting down" flag, or its next program could start no thread pool.
        threading = sys.modules.get('threading')
        if threading is not None:
            threading._SHUTTING_DOWN = False
        # Private names of CPython 3.12's threading and concurrent.futures, which GraalPy 25 ships.
        for module, flag in (('concurrent.futures.thread', '_shutdown'),
                             ('concurrent.futures.process', '_global_shutdown')):
            if hasattr(sys.modules.get(module), flag):
                setattr(sys.modules[module], flag, False)
        flush_stdio()
        return status

    for name in ('_interpreters4j_boot', '_hide_inspect_flag', '_FLAG_NAMES'):
        del main_module.__dict__[name]
    return (bind_for_host, describe_for_host, after_run, run_main, call_for_host, call_many_for_host, finish, flush_files,
            prepare_calls)


_interpreters4j_boot
