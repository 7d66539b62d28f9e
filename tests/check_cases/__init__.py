"""Exercise-check cases, one module per topic (read by tests/test_checks.py)."""
