from __future__ import annotations

import os
import sys
from pathlib import Path

from hypothesis import HealthCheck, settings

sys.path.insert(0, str(Path(__file__).parent))
# The registry server harness (free loopback port, subprocess) lives with the server tests.
sys.path.insert(0, str(Path(__file__).parents[1] / "registry" / "server"))

# ``ci`` keeps the property tests to a few seconds; ``thorough`` is for a long local run:
# HYPOTHESIS_PROFILE=thorough pytest tests/hardening -k properties
settings.register_profile("ci", max_examples=40, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=3000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
