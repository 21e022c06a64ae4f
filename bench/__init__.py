"""Benchmarks: scripts that print JSON. Targets live here, never in timed tests."""
