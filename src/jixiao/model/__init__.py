"""The filing model: immutable records, Decimal money, sources.  No I/O."""
from jixiao import native as _native

# jixiao.model.numbers runs compiled (mypyc) with the audit when scripts/setup.sh built it (jixiao.native)
_native.activate("model", __path__)
