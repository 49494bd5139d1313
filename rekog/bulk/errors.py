"""Errors of bulk runs that are about the run, not one input."""

from __future__ import annotations

from ..errors import RekognitionError

__all__ = ["ClusterLostError"]


class ClusterLostError(RekognitionError):
    """A Dask run cannot go on: its scheduler is gone (workers coming and going are not this).

    Every outcome handed out before is recorded in :attr:`checkpoint`; run the same inputs
    again with ``checkpoint=error.checkpoint`` (on a new cluster, or in threads) to finish
    them: done inputs are skipped, inputs that were in flight are reconciled (``index_faces``
    looks their ``ExternalImageId`` up), none is lost or indexed twice.

    Attributes:
        checkpoint: the checkpoint file to resume from.
        delivered: outcomes handed out by this run before it stopped.
    """

    def __init__(self, checkpoint: str, delivered: int, cause: BaseException | None) -> None:
        self.checkpoint = checkpoint
        self.delivered = delivered
        reason = f" ({type(cause).__name__}: {cause})" if cause is not None else ""
        super().__init__(
            f"the Dask scheduler is gone{reason}; {delivered} outcomes were delivered and "
            f"recorded in the checkpoint {checkpoint!r}: pass checkpoint={checkpoint!r} to "
            "run the same inputs again and finish the rest"
        )

    def __reduce__(self) -> tuple[object, ...]:
        return (ClusterLostError, (self.checkpoint, self.delivered, None))
