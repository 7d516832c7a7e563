"""moto_server without moto's instance tracking.

moto keeps every model object it ever creates in a class-level list, for its dashboard. TransactWriteItems
deep-copies each table it touches (its rollback backup), so under the demo's load those copies pile up by
megabytes per second until the container runs out of memory and every table is gone. Nothing but the
dashboard reads that list, so objects here are simply not recorded.
"""
from moto.core.common_models import BaseModel
from moto.server import main


def _new_untracked(cls, *args, **kwargs):
    return object.__new__(cls)


BaseModel.__new__ = staticmethod(_new_untracked)

if __name__ == "__main__":
    main()
