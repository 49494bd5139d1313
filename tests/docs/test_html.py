"""Jupyter shows a response as a compact HTML summary, not a wall of repr."""

from __future__ import annotations

import html
import re

from rekog.models import DetectFacesResponse, GetFaceSearchResponse, Image, IndexFacesResponse


def test_summary_names_the_model_and_counts_its_lists() -> None:
    response = IndexFacesResponse.from_response(
        {
            "FaceModelVersion": "7.0",
            "FaceRecords": [{"Face": {"FaceId": "f-1", "ExternalImageId": "alice"}}],
            "UnindexedFaces": [{"Reasons": ["LOW_FACE_QUALITY", "FROM_2030"]}] * 2,
        }
    )
    text = response._repr_html_()
    assert "<b>IndexFacesResponse</b>" in text
    assert "1 face_records" in text and "2 unindexed_faces" in text
    assert "face_model_version=7.0" in text
    assert "LOW_FACE_QUALITY, FROM_2030" in text  # enum values, known or not, as strings
    assert "alice" in text


def test_long_lists_are_cut_and_stay_small() -> None:
    persons = [{"Timestamp": t, "Person": {"Index": t % 3}} for t in range(5000)]
    response = GetFaceSearchResponse.from_response({"JobStatus": "SUCCEEDED", "Persons": persons})
    text = response._repr_html_()
    assert "5000 persons" in text
    assert "... and 4995 more" in text
    assert len(text) < 10_000 < len(repr(response))


def test_blobs_show_their_size_and_text_is_escaped() -> None:
    image = Image(bytes=b"\x89PNG" + b"x" * 10_000)
    text = image._repr_html_()
    assert html.escape("<10004 bytes>") in text and "xxxx" not in text
    faces = DetectFacesResponse.from_response(
        {"FaceDetails": [], "Note": "<script>alert(1)</script>"}
    )
    shown = faces._repr_html_()
    assert "<script>" not in shown and "&lt;script&gt;" in shown


def test_empty_model_says_so() -> None:
    assert re.search(r"DetectFacesResponse</b>.*\(empty\)", DetectFacesResponse()._repr_html_())
