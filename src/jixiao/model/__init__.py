"""The filing model: immutable records, Decimal money, sources.  No I/O."""
