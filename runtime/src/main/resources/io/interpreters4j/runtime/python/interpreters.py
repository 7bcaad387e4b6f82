"""interpreters: many isolated Python interpreters in one process (PEP 554), on interpreters4j.

Each interpreter is a GraalPy context with its own thread; they run truly in parallel and share
only data: None, bytes, str, int, buffers and channel ends. Channels are unbuffered: send()
returns only once a receiver has taken the object.
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
]
