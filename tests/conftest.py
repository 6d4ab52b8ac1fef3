"""Shared fixtures: paths to the bundled corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SEED = CORPUS / "soderhamn" / "ledar-och-medarbetarpolicy.txt"


@pytest.fixture
def seed_path() -> Path:
    """The Söderhamn policy as extracted from its PDF."""
    return SEED
