"""``rekog draw IMAGE RESULT.json -o out.png``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from rekog.cli import main
from rekog.draw import annotate
from rekog.models import DetectTextResponse

from .conftest import fixture, flat_png


@pytest.fixture
def picture(tmp_path: Path) -> Path:
    path = tmp_path / "photo.png"
    path.write_bytes(flat_png((400, 300)))
    return path


def test_draws_a_boto3_response(
    picture: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = tmp_path / "faces.json"
    result.write_text(json.dumps(fixture("detect_faces")))
    out = tmp_path / "out.png"
    assert main(["draw", str(picture), str(result), "-o", str(out)]) == 0
    assert f"wrote {out}" in capsys.readouterr().out
    drawn = Image.open(out).convert("RGB")
    assert drawn.tobytes() == annotate(picture, fixture("detect_faces")).tobytes()


def test_draws_model_dump_json_output(picture: Path, tmp_path: Path) -> None:
    model = DetectTextResponse.from_response(fixture("detect_text"))
    result = tmp_path / "text.json"
    result.write_text(model.model_dump_json())  # snake_case keys, nulls included
    out = tmp_path / "out.png"
    assert main(["draw", str(picture), str(result), "-o", str(out), "--no-legend"]) == 0
    with Image.open(out) as drawn:
        assert drawn.size == (400, 300)
        assert drawn.convert("RGB").tobytes() == annotate(picture, model, legend=False).tobytes()


def test_operation_option_and_compare_source(picture: Path, tmp_path: Path) -> None:
    result = tmp_path / "empty.json"
    result.write_text("{}")
    out = tmp_path / "out.jpg"
    assert (
        main(["draw", str(picture), str(result), "-o", str(out), "--operation", "detect_labels"])
        == 0
    )
    compare = tmp_path / "compare.json"
    compare.write_text(json.dumps(fixture("compare_faces")))
    side = tmp_path / "side.png"
    args = ["draw", str(picture), str(compare), "-o", str(side), "--source", str(picture)]
    assert main(args) == 0
    with Image.open(side) as drawn:
        assert drawn.width > 800


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("missing-result", "cannot read"),
        ("not-json", "is not JSON"),
        ("not-object", "must hold a JSON object"),
        ("unknown-keys", "cannot tell which operation"),
        ("bad-operation", "must be one of"),
        ("missing-image", "file not found"),
        ("not-an-image", "is not a readable image"),
        ("bad-extension", "not a picture format"),
        ("missing-directory", "no such directory"),
    ],
)
def test_errors_are_one_line(
    setup: str, message: str, picture: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = tmp_path / "r.json"
    result.write_text(json.dumps(fixture("detect_faces")))
    image, out, extra = str(picture), str(tmp_path / "out.png"), []
    if setup == "missing-result":
        result = tmp_path / "nope.json"
    elif setup == "not-json":
        result.write_text("{not json")
    elif setup == "not-object":
        result.write_text("[1, 2]")
    elif setup == "unknown-keys":
        result.write_text('{"CollectionArn": "x"}')
    elif setup == "bad-operation":
        extra = ["--operation", "ListFaces"]
    elif setup == "missing-image":
        image = str(tmp_path / "missing.png")
    elif setup == "not-an-image":
        (tmp_path / "bad.png").write_text("hello")
        image = str(tmp_path / "bad.png")
    elif setup == "bad-extension":
        out = str(tmp_path / "out.unknown-ext")
    elif setup == "missing-directory":
        out = str(tmp_path / "nowhere" / "out.png")
    # A bad -o is a usage error (2), found before the result is even read.
    usage = setup in ("bad-extension", "missing-directory")
    assert main(["draw", image, str(result), "-o", out, *extra]) == (2 if usage else 1)
    err = capsys.readouterr().err
    assert err.startswith("rekog draw: error: ") and message in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_console_script_never_shows_a_traceback(tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "rekog",
            "draw",
            str(tmp_path / "x.png"),
            "-",
            "-o",
            str(tmp_path / "o.png"),
        ],
        input="{}",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr and proc.stderr.startswith("rekog draw: error:")
