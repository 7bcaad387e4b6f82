"""interpreters: many isolated Python interpreters in one process (PEP 554), on interpreters4j.

Each interpreter is a GraalPy context with its own thread; they run truly in parallel and share
only data: None, bytes, str, int, buffers and channel ends. Channels are unbuffered: send()
returns only once a receiver has taken the object. Interpreter.call() runs a function in another
interpreter; InterpreterPoolExecutor (concurrent.futures) runs many calls on a pool of them.
"""

from _interpreters4j import (
    # interpreters
    create, list_all, get_current, get_main, Interpreter, RunFailedError, RunTimeoutError, RemoteError,
    InterpreterNotFoundError,
    # data and channels
    is_shareable, create_channel, list_all_channels, RecvChannel, SendChannel, select,
    create_buffer,
    ChannelError, ChannelNotFoundError, ChannelEmptyError, ChannelNotEmptyError, NotReceivedError,
    ChannelClosedError, ChannelReleasedError,
)

__all__ = [
    'create', 'list_all', 'get_current', 'get_main', 'Interpreter', 'RunFailedError', 'RunTimeoutError', 'RemoteError',
    'InterpreterNotFoundError',
    'is_shareable', 'create_channel', 'list_all_channels', 'RecvChannel', 'SendChannel', 'select',
    'create_buffer',
    'ChannelError', 'ChannelNotFoundError', 'ChannelEmptyError', 'ChannelNotEmptyError', 'NotReceivedError',
    'ChannelClosedError', 'ChannelReleasedError',
    'InterpreterPoolExecutor',
]


def __getattr__(name):
    # The pool imports concurrent.futures: only programs that use it pay for that import.
    if name == 'InterpreterPoolExecutor':
        from _interpreters4j_pool import InterpreterPoolExecutor
        globals()[name] = InterpreterPoolExecutor
        return InterpreterPoolExecutor
    raise AttributeError('module %r has no attribute %r' % (__name__, name))
