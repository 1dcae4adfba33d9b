"""jixiao (绩效): final-accounts disclosure and performance self-evaluation for budget units."""

__version__ = "0.1.0"
