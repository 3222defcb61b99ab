"""requirements.txt and environment.yml install the same pinned set."""

from __future__ import annotations

import re

from autograder import layout


def pins(lines: list[str]) -> dict[str, str]:
    found = {}
    for line in lines:
        match = re.fullmatch(r"\s*(?:-\s+)?([A-Za-z0-9_.\-\[\]]+)==([^\s#]+)\s*(?:#.*)?", line)
        if match:
            found[match.group(1).lower().replace("_", "-")] = match.group(2)
    return found


def test_requirements_are_exact_pins() -> None:
    lines = [ln.strip() for ln in (layout.REPO_ROOT / "requirements.txt").read_text().splitlines()]
    entries = [ln for ln in lines if ln and not ln.startswith("#")]
    loose = [ln for ln in entries if "==" not in ln]
    assert not loose, f"requirements.txt entries without an exact pin: {loose}"
    names = pins(entries)
    for package in ("tensorflow-cpu", "keras", "jupyterlab", "nbgrader", "nbval", "pytest", "matplotlib", "scikit-learn"):
        assert package in names, f"{package} is not pinned in requirements.txt"
    assert names["tensorflow-cpu"].startswith("2.21.") and names["keras"].startswith("3.")
    assert names["nbgrader"] == "0.9.6"


def test_environment_yml_matches_requirements() -> None:
    requirements = pins((layout.REPO_ROOT / "requirements.txt").read_text().splitlines())
    environment = (layout.REPO_ROOT / "environment.yml").read_text()
    assert re.search(r"^\s*-\s*python\s*=\s*3\.11\b", environment, re.M), "environment.yml must pin python=3.11"
    pip_section = environment.split("- pip:", 1)[1].splitlines()
    assert pins(pip_section) == requirements, "environment.yml's pip section differs from requirements.txt"


def test_ci_workflows_run_the_readme_test_command() -> None:
    readme = (layout.REPO_ROOT / "README.md").read_text()
    assert "python3 course.py test" in readme
    assert "exec python3 course.py test" in (layout.REPO_ROOT / ".ci" / "run").read_text()
    workflow = (layout.REPO_ROOT / ".github" / "workflows" / "tests.yml").read_text()
    assert re.search(r"^\s*run: python3 course.py test\s*$", workflow, re.M), "the workflow runs the README's test command"
