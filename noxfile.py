"""The support matrix: every Python and dependency set rekog claims, as a session that runs it.

    nox -s tests-3.10 tests-3.11 tests-3.12 tests-3.13   # newest dependencies, core tests
    nox -s lowest                                       # every declared floor, exactly
    nox -s lowest_extras                                # the extras' floors (async, plot, ...)
    nox -s wheel                                        # build, twine check, install, run
    nox -s tests-3.12 -- tests/aio                      # other test paths after --

The newest sessions resolve freely (no constraints file: what a new user gets today). The
lowest sessions install each direct dependency at the lower bound pyproject.toml declares
(uv's ``--resolution lowest-direct``), so a floor is only what a session proves; nothing keeps
a second list of floors in step. Interpreters come from PATH; on a machine whose Pythons live
in pyenv, every installed 3.x is made visible, and uv never downloads one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import nox

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "tools"))

from check_floors import selected  # noqa: E402  (the one rule choosing a group's requirements)

PYTHONS = ["3.10", "3.11", "3.12", "3.13"]
LOWEST_PYTHON = PYTHONS[0]

# The tests of what every install has (client, models, paging, jobs, emulator, CLI): the
# subset the matrix runs. The full suite runs in CI on the pinned development environment.
CORE_TESTS = [
    "tests/client",
    "tests/models",
    "tests/paging",
    "tests/response_parsing",
    "tests/edges",
    "tests/long_running",
    "tests/local",
    "tests/cli",
    "tests/integration",
    "tests/compat",
]
# The tests of the optional extras beside the core: the emulator's vision, asyncio, pictures,
# timelines, bulk.
# (tests/aio/test_typing.py runs mypy and pyright, development tools the full suite has.)
EXTRA_TESTS = [
    "tests/local/vision",
    "tests/aio",
    "tests/draw",
    "tests/plot",
    "tests/bulk",
    "--ignore=tests/aio/test_typing.py",
]
EXTRAS = "local,vision,async,draw,plot,dask,bulk,test"

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.sessions = [f"tests-{PYTHONS[-1]}", "lowest"]
nox.options.error_on_missing_interpreters = True


def _expose_pyenv_pythons() -> None:
    # pyenv's shims answer `python3.10` only for versions named in PYENV_VERSION.
    if "PYENV_VERSION" in os.environ or shutil.which("pyenv") is None:
        return
    listed = subprocess.run(
        ["pyenv", "versions", "--bare"], capture_output=True, text=True, check=False
    ).stdout.split()
    versions = [v for v in listed if v.startswith("3.")]
    if versions:
        os.environ["PYENV_VERSION"] = ":".join(versions)


_expose_pyenv_pythons()
os.environ.setdefault("UV_PYTHON_DOWNLOADS", "never")


def _run_quickstart(session: nox.Session) -> None:
    # From outside the checkout: the installed package, not the source tree, is what runs.
    with tempfile.TemporaryDirectory() as elsewhere, session.chdir(elsewhere):
        session.run("python", str(ROOT / "examples" / "quickstart.py"))


def _pytest(session: nox.Session, default: list[str]) -> None:
    paths = session.posargs or default
    # `pytest`, not `python -m pytest`: the latter puts the checkout first on sys.path, and a
    # session that installed the wheel would test the source tree instead.
    session.run("pytest", "-p", "no:cacheprovider", *paths)


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """The core tests and the quickstart on the newest releases of every dependency."""
    session.install("-e", f".[{EXTRAS}]")
    _run_quickstart(session)
    _pytest(session, CORE_TESTS)


def _declared(wheel_file: Path, *extras: str) -> list[str]:
    """The requirements pyproject.toml declares for the core and ``extras`` (read from the
    built wheel's metadata, so exactly what pip sees), chosen by check_floors' own rule."""
    with zipfile.ZipFile(wheel_file) as wheel:
        (name,) = [n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")]
        lines = wheel.read(name).decode().splitlines()
    prefix = "Requires-Dist: "
    texts = [line.removeprefix(prefix) for line in lines if line.startswith(prefix)]
    wanted = []
    for requirement in selected(texts, {"core", *extras}):
        requirement.marker = None
        wanted.append(str(requirement))
    return wanted


def _built_wheel(session: nox.Session) -> Path:
    """A wheel of the checkout, built by uv into the session's temporary directory."""
    out = Path(session.create_tmp()).resolve() / "wheel"
    shutil.rmtree(out, ignore_errors=True)
    session.run(
        "uv", "build", "--quiet", "--wheel", "--out-dir", str(out), str(ROOT), external=True
    )
    (wheel_file,) = out.glob("*.whl")
    return wheel_file


@nox.session(python=LOWEST_PYTHON, venv_backend="uv")
def lowest(session: nox.Session) -> None:
    """The built wheel with every direct dependency at its declared floor (core and the local
    emulator): the quickstart, retries on tenacity's floor and the core tests."""
    wheel_file = _built_wheel(session)
    # uv holds a wheel's own requirements transitive: named here, they are direct, at floors.
    session.install(
        "--resolution",
        "lowest-direct",
        f"rekog[local,test] @ {wheel_file.as_uri()}",
        *_declared(wheel_file, "local", "test"),
    )
    session.run("python", str(ROOT / "tools" / "check_floors.py"), "core", "local", "test")
    session.env["REKOG_EXPECT_INSTALLED"] = "1"
    _run_quickstart(session)
    _pytest(session, CORE_TESTS)


@nox.session(python=LOWEST_PYTHON, venv_backend="uv")
def lowest_extras(session: nox.Session) -> None:
    """The optional extras at their declared floors (aiobotocore, matplotlib, distributed)."""
    session.install("--resolution", "lowest-direct", "-e", f".[{EXTRAS}]")
    # aiobotocore pins its botocore, so the core floors move up here (the lowest session
    # holds them); each extra's own floors are exact.
    extras = [e for e in EXTRAS.split(",") if e not in ("local", "test")]
    session.run("python", str(ROOT / "tools" / "check_floors.py"), *extras)
    _pytest(session, EXTRA_TESTS)


@nox.session(python=PYTHONS[1])
def wheel(session: nox.Session) -> None:
    """Build the sdist and wheel, check them, install the wheel with [local] into a fresh
    virtualenv and run the quickstart from outside the checkout."""
    session.install("build", "twine")
    work = Path(session.create_tmp()).resolve()
    dist = work / "dist"
    shutil.rmtree(dist, ignore_errors=True)
    session.run("python", "-m", "build", "--outdir", str(dist), str(ROOT))
    artifacts = sorted(str(path) for path in dist.iterdir())
    session.run("twine", "check", "--strict", *artifacts)
    session.run("python", str(ROOT / "tools" / "check_dist.py"), *artifacts)
    (wheel_file,) = [path for path in artifacts if path.endswith(".whl")]
    # A fresh virtualenv holding only the wheel and what it declares, used from elsewhere.
    fresh = work / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    session.run("python", "-m", "venv", str(fresh))
    python = str(fresh / "bin" / "python")
    session.run(
        python,
        "-m",
        "pip",
        "install",
        "-q",
        f"rekog[local] @ {Path(wheel_file).as_uri()}",
        external=True,
    )
    # The botocore an AWS Lambda runtime bundled (1.34.x): pip must refuse it, not install a
    # combination that then fails at import.
    refused = session.run(
        python,
        "-m",
        "pip",
        "install",
        "--dry-run",
        f"rekog @ {Path(wheel_file).as_uri()}",
        "botocore==1.34.162",
        external=True,
        success_codes=[1],
        silent=True,
    )
    assert refused and "conflict" in str(refused).lower(), refused
    with tempfile.TemporaryDirectory() as elsewhere:
        with session.chdir(elsewhere):
            session.run(
                python,
                "-c",
                "import rekog, sys; assert 'site-packages' in rekog.__file__, rekog.__file__",
                external=True,
            )
            session.run(python, str(ROOT / "examples" / "quickstart.py"), external=True)
            session.run(str(fresh / "bin" / "rekog"), "--help", external=True, silent=True)
