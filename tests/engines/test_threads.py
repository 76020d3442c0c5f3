"""OpenMP threads sleep between parallel regions (``OMP_WAIT_POLICY=PASSIVE``) unless the user
says otherwise: spinning threads on a busy machine made constrained decoding of the shipped
stories take 11-12 times the CPU time (bench/translate_realistic.py)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

PROBE = (
    "import os, sys\n"
    "import {module}\n"
    "before = 'torch' in sys.modules\n"
    "import torch\n"
    "torch.ones(4).sum()\n"
    "print(before, os.environ.get('OMP_WAIT_POLICY'))\n"
)


def probe(module: str, policy: str | None) -> str:
    env = {k: v for k, v in os.environ.items() if k != "OMP_WAIT_POLICY"}
    if policy is not None:
        env["OMP_WAIT_POLICY"] = policy
    result = subprocess.run([sys.executable, "-c", PROBE.format(module=module)], env=env,
                            capture_output=True, text=True, check=True)
    return result.stdout.strip()


@pytest.mark.parametrize("module", ["mt.engines", "mt.cli.main"])
def test_the_wait_policy_is_passive_before_torch_loads(module: str) -> None:
    # "False": torch (and its OpenMP runtime, which reads the variable once) loads afterwards.
    assert probe(module, None) == "False PASSIVE"


def test_a_wait_policy_the_user_set_is_kept() -> None:
    assert probe("mt.engines", "ACTIVE") == "False ACTIVE"
