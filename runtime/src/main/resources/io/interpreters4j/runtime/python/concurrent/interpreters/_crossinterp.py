"""What queues (and CPython 3.14's channels) share: the unbound-item markers and their flags.

An item is "unbound" when the interpreter that put it is destroyed before anybody took it. What
get() then does is chosen per item with put(unbounditems=...), or per queue: UNBOUND_REMOVE (the
item leaves the queue at once), UNBOUND_ERROR (get() raises ItemInterpreterDestroyed) or UNBOUND
(get() returns the queue module's UNBOUND marker).
"""


class ItemInterpreterDestroyed(Exception):
    """The item's interpreter was destroyed before it was taken."""


class classonly:
    """A descriptor that is visible on the class only, not on its instances."""

    def __init__(self, value):
        self.value = value
        self.name = None

    def __set_name__(self, cls, name):
        if self.name is not None:
            raise TypeError('already used')
        self.name = name

    def __get__(self, obj, cls):
        if obj is not None:
            raise AttributeError(self.name)
        return self.value.__get__(cls, type(cls)) if hasattr(self.value, '__get__') else self.value


class UnboundItem:
    """Stands for an item whose interpreter is gone, when it is taken (a singleton per kind of container)."""

    __slots__ = ()
    _MODULE = __name__
    _NAME = 'UNBOUND'

    @classonly
    def singleton(cls, kind, module, name='UNBOUND'):
        subclass = type('Unbound%sItem' % kind.capitalize(), (cls,), {
            '_MODULE': module,
            '_NAME': name,
            '__doc__': 'Represents a %s item no longer bound to an interpreter.' % kind,
            '__slots__': (),
        })
        return object.__new__(subclass)

    def __new__(cls):
        raise Exception('use %s.%s' % (cls._MODULE, cls._NAME))

    def __repr__(self):
        return '%s.%s' % (self._MODULE, self._NAME)


UNBOUND = object.__new__(UnboundItem)
UNBOUND_ERROR = object()
UNBOUND_REMOVE = object()

# The flags the runtime's queues store (CPython's values).
_UNBOUND_CONSTANT_TO_FLAG = {
    UNBOUND_REMOVE: 1,
    UNBOUND_ERROR: 2,
    UNBOUND: 3,
}
_UNBOUND_FLAG_TO_CONSTANT = {flag: constant for constant, flag in _UNBOUND_CONSTANT_TO_FLAG.items()}


def serialize_unbound(unbound):
    """(flag,) for one of the markers; NotImplementedError for anything else."""
    try:
        return (_UNBOUND_CONSTANT_TO_FLAG[unbound],)
    except (KeyError, TypeError):
        raise NotImplementedError('unsupported unbound replacement op %r' % (unbound,)) from None


def resolve_unbound(flag, exctype_destroyed):
    """What get() gives for an unbound item with this flag: UNBOUND, or it raises."""
    op = _UNBOUND_FLAG_TO_CONSTANT.get(flag)
    if op is UNBOUND:
        return UNBOUND
    if op is UNBOUND_ERROR:
        raise exctype_destroyed("item's original interpreter destroyed")
    raise NotImplementedError('unsupported unbound replacement op %r' % (flag,))
