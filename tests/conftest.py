import physml  # noqa: F401  (float64, house style) before any test imports jax numerics
