"""Benchmarks: published GAP instances and synthetic city weeks, printed as tables.

Run with `python -m matching bench SUITE...`; nothing here is imported by the engine.
"""
