"""Exception classes: one per service error code, plus rekog's own.

Every service error is a :class:`ServiceError`, which is both a :class:`RekognitionError` and a
:class:`botocore.exceptions.ClientError`; an error code this SDK does not know maps to
:class:`ServiceError` itself. See :mod:`rekog._exceptions` for the whole hierarchy.

The classes are generated (``rekog/_generated/errors.py``); this module is their public face.
"""

from __future__ import annotations

from ._generated.errors import *  # noqa: F403
from ._generated.errors import __all__ as __all__

# Their public home: tracebacks and reprs name ``rekog.errors.ResourceNotFoundException``, not
# the generated module (pickling finds them here too).
for _name in __all__:
    _public = globals()[_name]
    if isinstance(_public, type) and _public.__module__ == "rekog._generated.errors":
        _public.__module__ = __name__
del _name, _public
