"""Comparing User-Agent headers: botocore writes the feature letters (``m/...``) in set order,
which may differ between two clients of one process, so that component compares as a set."""

from __future__ import annotations


def features_of(header: str) -> frozenset[str]:
    """The feature letters of a User-Agent header's ``m/`` component."""
    metric = next(part for part in header.split() if part.startswith("m/"))
    return frozenset(metric[2:].split(","))


def normal(header: str) -> tuple[str, frozenset[str]]:
    """The header without its feature component, and the features as a set."""
    rest = " ".join(part for part in header.split() if not part.startswith("m/"))
    return rest, features_of(header)
