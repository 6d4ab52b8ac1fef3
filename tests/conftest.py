"""Shared fixtures: paths to the bundled corpus."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import Phase, settings

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SEED = CORPUS / "soderhamn" / "ledar-och-medarbetarpolicy.txt"


@pytest.fixture
def seed_path() -> Path:
    """The Söderhamn policy as extracted from its PDF."""
    return SEED


# HYPOTHESIS_PROFILE=noshrink reports the first failing example at once, without shrinking it
# (for a quick look while developing; CI runs the default profile, which shrinks).
settings.register_profile("noshrink", phases=[Phase.explicit, Phase.reuse, Phase.generate])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
