"""jixiao (绩效): final-accounts disclosure and performance self-evaluation for budget units."""

__version__ = "0.1.0"

from jixiao import native as _native

# jixiao.relations runs compiled (mypyc) with the audit when scripts/setup.sh built it (jixiao.native)
_native.activate("", __path__)
