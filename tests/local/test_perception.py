"""Choosing a perception, and the parts of the vision perception that need no model."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from rekog.cli import main
from rekog.local import LocalRekognition, make_face_image
from rekog.local.perception import (
    DeclaredPerception,
    PerceptionUnavailable,
    make_perception,
)
from rekog.local.perception.vision.identity import (
    similarity_of_distance,
    vector_of_signature,
)


@pytest.fixture
def no_dlib(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend the ``rekog[vision]`` packages are not installed."""
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "dlib" else real(name, *a)
    )


def test_default_is_the_declared_perception() -> None:
    with LocalRekognition() as local:
        assert isinstance(local.backend.perception, DeclaredPerception)
        local.call("CreateCollection", CollectionId="c")
        assert local.backend.state.collections["c"].perception == "declared"
        local.call("IndexFaces", CollectionId="c", Image={"Bytes": make_face_image("ann")})
        found = local.call(
            "SearchFacesByImage", CollectionId="c", Image={"Bytes": make_face_image("ann")}
        )
        assert found["FaceMatches"][0]["Similarity"] == 100.0


def test_unknown_perception_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="perception must be one of"):
        make_perception("psychic")


def test_missing_vision_extra_fails_at_start_with_the_pip_command(no_dlib: None) -> None:
    with pytest.raises(PerceptionUnavailable) as info:
        LocalRekognition(perception="vision")
    assert 'pip install "rekog[vision]"' in str(info.value)
    assert "dlib-bin" in str(info.value)


def test_cli_missing_vision_extra_is_one_line_and_exit_2(
    no_dlib: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["local", "serve", "--port", "0", "--perception", "vision"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "--perception vision" in err and 'pip install "rekog[vision]"' in err


def test_collections_written_before_perceptions_existed_are_declared(tmp_path: Path) -> None:
    import sqlite3

    data = tmp_path / "old.db"
    with LocalRekognition(data=data) as local:
        local.call("CreateCollection", CollectionId="legacy")
    with sqlite3.connect(data) as db:  # a store written by an older rekog: no perception field
        (value,) = db.execute("SELECT value FROM records WHERE kind='collection'").fetchone()
        db.execute(
            "UPDATE records SET value=? WHERE kind='collection'",
            (value.replace(',"perception":"declared"', ""),),
        )
    with LocalRekognition(data=data) as local:
        assert local.backend.state.collections["legacy"].perception == "declared"


def test_similarity_is_a_monotone_map_with_80_at_the_same_person_distance() -> None:
    distances = np.linspace(0.0, 1.5, 301)
    scores = similarity_of_distance(distances)
    assert scores[0] == 100.0
    assert np.all(np.diff(scores) <= 0)
    assert float(similarity_of_distance(0.6)) == 80.0
    assert float(similarity_of_distance(0.4)) >= 90.0
    assert np.all(scores[distances > 0.6] < 80.0)


def test_declared_identity_vectors_are_unit_and_far_apart() -> None:
    alice, bob = (np.asarray(vector_of_signature(s)) for s in (1, 2))
    assert np.isclose(np.linalg.norm(alice), 1.0)
    assert vector_of_signature(1) == vector_of_signature(1)
    assert float(similarity_of_distance(np.linalg.norm(alice - bob))) < 30


def test_serve_parses_the_perception_option() -> None:
    from rekog.cli import build_parser

    args = build_parser().parse_args(["local", "serve", "--perception", "vision"])
    assert args.perception == "vision"
    assert build_parser().parse_args(["local", "serve"]).perception == "declared"
