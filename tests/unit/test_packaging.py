"""The Cloud Functions deploy source installs what the package needs, no more and no less."""

import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).parents[2]


def _names(lines: list[str]) -> set[str]:
    return {Requirement(line).name.lower() for line in lines}


def test_functions_requirements_match_the_runtime_and_google_dependencies():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = _names(project["dependencies"] + project["optional-dependencies"]["google"])
    listed = [line for line in (ROOT / "functions" / "requirements.txt").read_text().splitlines()
              if line.strip() and not line.startswith("#")]
    assert _names(listed) == wanted
