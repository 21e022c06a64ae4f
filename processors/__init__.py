"""Stream processors: pure domain logic in plain modules, thin Faust wiring in ``app``."""
