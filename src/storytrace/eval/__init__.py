"""Evaluation harnesses: each reads a benchmark file of ``../shared/data`` and scores a stage."""
