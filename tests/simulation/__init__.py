"""The neighbourhood simulation: weeks of the real app, with every invariant checked."""
