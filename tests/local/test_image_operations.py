"""The image operations beyond faces and text: DetectLabels, DetectModerationLabels,
CompareFaces, RecognizeCelebrities/GetCelebrityInfo, DetectProtectiveEquipment and
DetectCustomLabels -- over boto3 (in-process and HTTP), the typed client, and the raw shapes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from rekog import Rekognition
from rekog.errors import (
    InvalidParameterException,
    ResourceNotFoundException,
    ResourceNotReadyException,
)
from rekog.local import (
    DUMMY_CREDENTIALS,
    FaceSpec,
    LocalRekognition,
    make_blank_image,
    make_face_image,
    make_scene,
)
from rekog.local.backend.celebrities import celebrity_id

from .helpers import error_code, set_project_version_status
from .shapes import shape_problems

BOX = {"Left": 0.1, "Top": 0.1, "Width": 0.3, "Height": 0.4}
ARN = "arn:aws:rekognition:us-east-1:123456789012:project/qa/version/qa.1/1700000000000"
OTHER_ARN = "arn:aws:rekognition:us-east-1:123456789012:project/other/version/o.1/1700000000000"

SCENE = make_scene(
    ["bob"],
    ["EXIT 12"],
    labels=[
        {"name": "Dog", "confidence": 96.0, "instances": [{"box": BOX, "confidence": 95.0}]},
        {"name": "Car", "confidence": 80.0},
        {"name": "Tree", "confidence": 52.0},
        {"name": "Gizmo", "confidence": 70.0, "categories": ["Tools"], "aliases": ["Gadget"]},
    ],
    moderation=[{"name": "Smoking", "confidence": 90.0}, {"name": "Weapons", "confidence": 60.0}],
    content_types=[{"name": "Animated", "confidence": 88.0}],
    celebrities=[
        {"name": "Zed Star", "urls": ["www.example.com/zed"], "gender": "Male", "confidence": 97}
    ],
    ppe=[
        {
            "box": {"Left": 0.0, "Top": 0.0, "Width": 0.4, "Height": 1.0},
            "body_parts": {
                "FACE": ["FACE_COVER"],
                "HEAD": ["HEAD_COVER"],
                "LEFT_HAND": ["HAND_COVER"],
                "RIGHT_HAND": ["HAND_COVER"],
            },
        },
        {
            "box": {"Left": 0.5, "Top": 0.0, "Width": 0.4, "Height": 1.0},
            "body_parts": {"FACE": [], "HEAD": [{"type": "HEAD_COVER", "covers": False}]},
        },
        {"confidence": 40.0},
    ],
    custom_labels=[
        {"name": "Widget", "confidence": 91.0, "box": BOX, "project": "qa"},
        {"name": "Scratch", "confidence": 66.0},
        {"name": "Dent", "confidence": 30.0},
        {"name": "Alien", "confidence": 99.0, "project": "other"},
    ],
)


def names(labels: list[dict[str, Any]]) -> list[str]:
    return [label["Name"] for label in labels]


# --- shapes -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("operation", "request_"),
    [
        (
            "DetectLabels",
            {"Image": {"Bytes": SCENE}, "Features": ["GENERAL_LABELS", "IMAGE_PROPERTIES"]},
        ),
        ("DetectLabels", {"Image": {"Bytes": make_face_image("x")}}),
        ("DetectModerationLabels", {"Image": {"Bytes": SCENE}}),
        ("CompareFaces", {"SourceImage": {"Bytes": SCENE}, "TargetImage": {"Bytes": SCENE}}),
        ("RecognizeCelebrities", {"Image": {"Bytes": SCENE}}),
        ("GetCelebrityInfo", {"Id": celebrity_id("Ada Lovelace")}),
        (
            "DetectProtectiveEquipment",
            {
                "Image": {"Bytes": SCENE},
                "SummarizationAttributes": {"MinConfidence": 80, "RequiredEquipmentTypes": []},
            },
        ),
        ("DetectCustomLabels", {"ProjectVersionArn": ARN, "Image": {"Bytes": SCENE}}),
    ],
)
def test_responses_fit_the_service_output_shapes(
    emulator: LocalRekognition, operation: str, request_: dict[str, Any]
) -> None:
    set_project_version_status(emulator, ARN, "RUNNING")
    response = emulator.backend.handle(operation, request_)
    assert response
    assert shape_problems(operation, response) == []


# --- DetectLabels -----------------------------------------------------------------------------
def test_detect_labels_taxonomy_instances_and_order(rekognition: Any) -> None:
    response = rekognition.detect_labels(Image={"Bytes": SCENE})
    labels = {label["Name"]: label for label in response["Labels"]}
    # declared labels bring their taxonomy ancestors; default MinConfidence is 55 (Tree: 52)
    assert set(labels) == {
        "Dog",
        "Animal",
        "Canine",
        "Mammal",
        "Pet",
        "Car",
        "Transportation",
        "Vehicle",
        "Gizmo",
    }
    assert [p["Name"] for p in labels["Dog"]["Parents"]] == ["Animal", "Canine", "Mammal", "Pet"]
    assert labels["Dog"]["Aliases"] == [{"Name": "Puppy"}]
    assert labels["Dog"]["Categories"] == [{"Name": "Animals and Pets"}]
    assert labels["Animal"]["Confidence"] == 96.0 and labels["Animal"]["Instances"] == []
    assert labels["Dog"]["Instances"][0]["BoundingBox"] == {
        "Width": 0.3,
        "Height": 0.4,
        "Left": 0.1,
        "Top": 0.1,
    }
    assert labels["Dog"]["Instances"][0]["Confidence"] == 95.0
    assert labels["Gizmo"]["Categories"] == [{"Name": "Tools"}]
    assert labels["Gizmo"]["Aliases"] == [{"Name": "Gadget"}]
    confidences = [label["Confidence"] for label in response["Labels"]]
    assert confidences == sorted(confidences, reverse=True)
    assert response["LabelModelVersion"] == "3.0"
    assert "ImageProperties" not in response


def test_detect_labels_min_confidence_and_max_labels(rekognition: Any) -> None:
    low = rekognition.detect_labels(Image={"Bytes": SCENE}, MinConfidence=50)
    assert "Tree" in names(low["Labels"]) and "Plant" in names(low["Labels"])
    high = rekognition.detect_labels(Image={"Bytes": SCENE}, MinConfidence=90)
    assert set(names(high["Labels"])) == {"Dog", "Animal", "Canine", "Mammal", "Pet"}
    capped = rekognition.detect_labels(Image={"Bytes": SCENE}, MaxLabels=2)
    assert (
        names(capped["Labels"])
        == names(rekognition.detect_labels(Image={"Bytes": SCENE})["Labels"])[:2]
    )


def test_detect_labels_general_label_filters(rekognition: Any) -> None:
    def detect(**general: list[str]) -> set[str]:
        response = rekognition.detect_labels(
            Image={"Bytes": SCENE}, Settings={"GeneralLabels": general}
        )
        return set(names(response["Labels"]))

    assert detect(LabelInclusionFilters=["Dog", "Car"]) == {"Dog", "Car"}
    assert "Dog" not in detect(LabelExclusionFilters=["Dog"])
    assert detect(LabelCategoryInclusionFilters=["Vehicles and Automotive"]) == {
        "Car",
        "Transportation",
        "Vehicle",
    }
    excluded = detect(LabelCategoryExclusionFilters=["Animals and Pets"])
    assert excluded == {"Car", "Transportation", "Vehicle", "Gizmo"}
    # exclusion wins over inclusion
    assert detect(LabelInclusionFilters=["Dog", "Car"], LabelExclusionFilters=["Car"]) == {"Dog"}


def test_detect_labels_image_properties(rekognition: Any) -> None:
    response = rekognition.detect_labels(
        Image={"Bytes": SCENE},
        Features=["GENERAL_LABELS", "IMAGE_PROPERTIES"],
        Settings={"ImageProperties": {"MaxDominantColors": 3}},
    )
    props = response["ImageProperties"]
    assert set(props) == {"Quality", "DominantColors", "Foreground", "Background"}
    assert 0 < props["Quality"]["Brightness"] <= 100
    assert set(props["Quality"]) == {"Brightness", "Sharpness", "Contrast"}
    assert 1 <= len(props["DominantColors"]) <= 3
    color = props["DominantColors"][0]
    assert color["HexCode"] == f"#{color['Red']:02x}{color['Green']:02x}{color['Blue']:02x}"
    assert color["SimplifiedColor"] and color["CSSColor"]
    assert sum(c["PixelPercent"] for c in props["DominantColors"]) == pytest.approx(100, abs=0.01)
    dog = next(label for label in response["Labels"] if label["Name"] == "Dog")
    assert 1 <= len(dog["Instances"][0]["DominantColors"]) <= 3
    # IMAGE_PROPERTIES alone: no labels
    only = rekognition.detect_labels(Image={"Bytes": SCENE}, Features=["IMAGE_PROPERTIES"])
    assert only["Labels"] == [] and "ImageProperties" in only
    # a light picture is brighter than a dark one
    dark = rekognition.detect_labels(
        Image={"Bytes": make_blank_image()}, Features=["IMAGE_PROPERTIES"]
    )
    assert dark["ImageProperties"]["Quality"]["Brightness"] == pytest.approx(
        100 * 200 / 255, abs=0.1
    )
    assert dark["ImageProperties"]["DominantColors"][0]["HexCode"] == "#c8c8c8"


def test_detect_labels_defaults_for_undeclared_images(rekognition: Any) -> None:
    face = rekognition.detect_labels(Image={"Bytes": make_face_image("alice")})
    assert names(face["Labels"]) == ["Face", "Head", "Person"]
    person = next(label for label in face["Labels"] if label["Name"] == "Person")
    assert len(person["Instances"]) == 1 and person["Aliases"] == [{"Name": "Human"}]
    text = rekognition.detect_labels(Image={"Bytes": make_scene([], ["HELLO"])})
    assert names(text["Labels"]) == ["Text"]
    assert rekognition.detect_labels(Image={"Bytes": make_blank_image()})["Labels"] == []
    declared_none = make_scene(["alice"], labels=[])
    assert rekognition.detect_labels(Image={"Bytes": declared_none})["Labels"] == []


def test_detect_labels_errors(rekognition: Any, emulator: LocalRekognition) -> None:
    image = {"Bytes": SCENE}
    assert (
        error_code(rekognition.detect_labels, Image={"Bytes": b"not an image"})
        == "InvalidImageFormatException"
    )
    assert (
        error_code(
            rekognition.detect_labels,
            Image={"Bytes": b"\x89PNG\r\n\x1a\n" + b"\0" * (5 * 1024 * 1024)},
        )
        == "ValidationException"  # ImageBlob max 5242880 (service-2.json)
    )
    assert (
        error_code(
            rekognition.detect_labels,
            Image={"S3Object": {"Bucket": "bucket", "Name": "missing.png"}},
        )
        == "InvalidS3ObjectException"
    )
    assert (
        error_code(rekognition.detect_labels, Image=image, MinConfidence=150.0)
        == "ValidationException"
    )
    assert (
        error_code(
            rekognition.detect_labels,
            Image=image,
            Features=["GENERAL_LABELS"],
            Settings={"ImageProperties": {"MaxDominantColors": 2}},
        )
        == "InvalidParameterException"
    )
    emulator.backend.put_object("bucket", "scene.png", SCENE)
    from_s3 = rekognition.detect_labels(
        Image={"S3Object": {"Bucket": "bucket", "Name": "scene.png"}}
    )
    assert "Dog" in names(from_s3["Labels"])


# --- DetectModerationLabels -------------------------------------------------------------------
def test_detect_moderation_labels_taxonomy_and_min_confidence(rekognition: Any) -> None:
    response = rekognition.detect_moderation_labels(Image={"Bytes": SCENE})
    by_name = {label["Name"]: label for label in response["ModerationLabels"]}
    assert by_name["Smoking"] == {
        "Confidence": 90.0,
        "Name": "Smoking",
        "ParentName": "Drugs & Tobacco Paraphernalia & Use",
        "TaxonomyLevel": 3,
    }
    assert (
        by_name["Drugs & Tobacco"]["ParentName"] == ""
        and by_name["Drugs & Tobacco"]["TaxonomyLevel"] == 1
    )
    assert (
        by_name["Weapons"]["ParentName"] == "Violence" and by_name["Weapons"]["TaxonomyLevel"] == 2
    )
    assert by_name["Violence"]["TaxonomyLevel"] == 1
    assert response["ModerationModelVersion"] == "7.0"
    assert response["ContentTypes"] == [{"Confidence": 88.0, "Name": "Animated"}]
    strict = rekognition.detect_moderation_labels(Image={"Bytes": SCENE}, MinConfidence=89)
    assert set(names(strict["ModerationLabels"])) == {
        "Smoking",
        "Drugs & Tobacco Paraphernalia & Use",
        "Drugs & Tobacco",
    }
    assert strict["ContentTypes"] == []
    clean = rekognition.detect_moderation_labels(Image={"Bytes": make_face_image("a")})
    assert clean["ModerationLabels"] == [] and clean["ContentTypes"] == []


def test_detect_moderation_labels_project_version_and_errors(
    rekognition: Any, emulator: LocalRekognition
) -> None:
    assert (
        error_code(rekognition.detect_moderation_labels, Image={"Bytes": SCENE}, ProjectVersion=ARN)
        == "ResourceNotFoundException"
    )
    set_project_version_status(emulator, ARN, "RUNNING")
    adapted = rekognition.detect_moderation_labels(Image={"Bytes": SCENE}, ProjectVersion=ARN)
    assert adapted["ProjectVersion"] == ARN
    assert (
        error_code(rekognition.detect_moderation_labels, Image={"Bytes": b"GIF89a"})
        == "InvalidImageFormatException"
    )
    assert (
        error_code(
            rekognition.detect_moderation_labels, Image={"Bytes": SCENE}, MinConfidence=100.5
        )
        == "ValidationException"
    )


# --- CompareFaces -----------------------------------------------------------------------------
def test_compare_faces_largest_source_face_against_every_target(rekognition: Any) -> None:
    source = make_scene(
        [
            FaceSpec("alice", box={"Left": 0.1, "Top": 0.1, "Width": 0.4, "Height": 0.5}),
            FaceSpec("bob", box={"Left": 0.6, "Top": 0.1, "Width": 0.1, "Height": 0.1}),
        ]
    )
    target = make_scene(
        [
            FaceSpec("bob", box={"Left": 0.0, "Top": 0.0, "Width": 0.2, "Height": 0.2}),
            FaceSpec("alice", box={"Left": 0.3, "Top": 0.3, "Width": 0.2, "Height": 0.2}),
            FaceSpec(
                "alice", box={"Left": 0.7, "Top": 0.7, "Width": 0.1, "Height": 0.1}, quality="LOW"
            ),
        ]
    )
    response = rekognition.compare_faces(
        SourceImage={"Bytes": source}, TargetImage={"Bytes": target}
    )
    assert response["SourceImageFace"]["BoundingBox"] == {
        "Width": 0.4,
        "Height": 0.5,
        "Left": 0.1,
        "Top": 0.1,
    }
    assert [m["Similarity"] for m in response["FaceMatches"]] == [100.0, 100.0]
    assert [m["Face"]["BoundingBox"]["Left"] for m in response["FaceMatches"]] == [0.3, 0.7]
    assert [f["BoundingBox"]["Left"] for f in response["UnmatchedFaces"]] == [0.0]
    face = response["FaceMatches"][0]["Face"]
    assert set(face) == {
        "BoundingBox",
        "Confidence",
        "Landmarks",
        "Pose",
        "Quality",
        "Emotions",
        "Smile",
    }
    # the quality filter drops the LOW target face entirely
    high = rekognition.compare_faces(
        SourceImage={"Bytes": source}, TargetImage={"Bytes": target}, QualityFilter="HIGH"
    )
    assert len(high["FaceMatches"]) == 1 and len(high["UnmatchedFaces"]) == 1
    # a threshold of 0 makes every face a match
    everything = rekognition.compare_faces(
        SourceImage={"Bytes": source}, TargetImage={"Bytes": target}, SimilarityThreshold=0.0
    )
    assert len(everything["FaceMatches"]) == 3 and everything["UnmatchedFaces"] == []
    sims = [m["Similarity"] for m in everything["FaceMatches"]]
    assert sims == sorted(sims, reverse=True) and sims[-1] < 80


def test_compare_faces_photos_match_by_identity_signature(rekognition: Any) -> None:
    response = rekognition.compare_faces(
        SourceImage={"Bytes": make_face_image("carol", format="JPEG")},
        TargetImage={"Bytes": make_face_image("carol", variant=3)},
    )
    assert len(response["FaceMatches"]) == 1 and response["FaceMatches"][0]["Similarity"] >= 80
    other = rekognition.compare_faces(
        SourceImage={"Bytes": make_face_image("carol")},
        TargetImage={"Bytes": make_face_image("dave")},
    )
    assert other["FaceMatches"] == [] and len(other["UnmatchedFaces"]) == 1
    empty = rekognition.compare_faces(
        SourceImage={"Bytes": make_face_image("carol")}, TargetImage={"Bytes": make_blank_image()}
    )
    assert empty["FaceMatches"] == [] and empty["UnmatchedFaces"] == []


def test_compare_faces_errors(rekognition: Any) -> None:
    face = {"Bytes": make_face_image("a")}
    assert (
        error_code(
            rekognition.compare_faces, SourceImage={"Bytes": make_blank_image()}, TargetImage=face
        )
        == "InvalidParameterException"
    )
    low = {"Bytes": make_scene([FaceSpec("a", quality="LOW")])}
    assert (
        error_code(
            rekognition.compare_faces, SourceImage=low, TargetImage=face, QualityFilter="MEDIUM"
        )
        == "InvalidParameterException"
    )
    assert (
        error_code(rekognition.compare_faces, SourceImage=face, TargetImage={"Bytes": b"xx"})
        == "InvalidImageFormatException"
    )
    assert (
        error_code(
            rekognition.compare_faces, SourceImage=face, TargetImage=face, SimilarityThreshold=101.0
        )
        == "ValidationException"
    )


# --- RecognizeCelebrities / GetCelebrityInfo --------------------------------------------------
def test_recognize_celebrities_declared_directory_and_unrecognized(rekognition: Any) -> None:
    response = rekognition.recognize_celebrities(Image={"Bytes": SCENE})
    [zed] = response["CelebrityFaces"]
    assert zed["Name"] == "Zed Star" and zed["Id"] == celebrity_id("Zed Star")
    assert zed["Urls"] == ["www.example.com/zed"] and zed["KnownGender"] == {"Type": "Male"}
    assert zed["MatchConfidence"] == 97.0 and set(zed["Face"]) >= {
        "BoundingBox",
        "Landmarks",
        "Pose",
    }
    assert len(response["UnrecognizedFaces"]) == 1  # bob
    ada = rekognition.recognize_celebrities(
        Image={"Bytes": make_face_image("Ada Lovelace", variant=2)}
    )
    assert [c["Name"] for c in ada["CelebrityFaces"]] == ["Ada Lovelace"]
    assert ada["CelebrityFaces"][0]["MatchConfidence"] >= 95
    declared_by_name = rekognition.recognize_celebrities(
        Image={"Bytes": make_scene(["Alan Turing", "nobody"])}
    )
    assert [c["Name"] for c in declared_by_name["CelebrityFaces"]] == ["Alan Turing"]
    nobody = rekognition.recognize_celebrities(Image={"Bytes": make_blank_image()})
    assert nobody == {**nobody, "CelebrityFaces": [], "UnrecognizedFaces": []}


def test_get_celebrity_info(rekognition: Any) -> None:
    assert (
        error_code(rekognition.get_celebrity_info, Id=celebrity_id("Zed Star"))
        == "ResourceNotFoundException"
    )
    zed_id = rekognition.recognize_celebrities(Image={"Bytes": SCENE})["CelebrityFaces"][0]["Id"]
    info = rekognition.get_celebrity_info(Id=zed_id)
    assert (info["Name"], info["Urls"], info["KnownGender"]) == (
        "Zed Star",
        ["www.example.com/zed"],
        {"Type": "Male"},
    )
    grace = rekognition.get_celebrity_info(Id=celebrity_id("Grace Hopper"))
    assert grace["Name"] == "Grace Hopper" and grace["KnownGender"] == {"Type": "Female"}
    assert error_code(rekognition.get_celebrity_info, Id="nobody123") == "ResourceNotFoundException"
    custom = make_scene(celebrities=[{"name": "Q", "id": "Q1", "urls": []}])
    assert (
        rekognition.recognize_celebrities(Image={"Bytes": custom})["CelebrityFaces"][0]["Id"]
        == "Q1"
    )
    q = rekognition.get_celebrity_info(Id="Q1")
    assert q["Name"] == "Q" and "KnownGender" not in q


# --- DetectProtectiveEquipment ----------------------------------------------------------------
def test_detect_protective_equipment_persons_and_summary(rekognition: Any) -> None:
    response = rekognition.detect_protective_equipment(Image={"Bytes": SCENE})
    assert "Summary" not in response and response["ProtectiveEquipmentModelVersion"] == "1.0"
    persons = response["Persons"]
    assert [p["Id"] for p in persons] == [0, 1, 2]
    parts = {part["Name"]: part for part in persons[0]["BodyParts"]}
    assert set(parts) == {"FACE", "HEAD", "LEFT_HAND", "RIGHT_HAND"}
    cover = parts["FACE"]["EquipmentDetections"][0]
    assert cover["Type"] == "FACE_COVER" and cover["CoversBodyPart"] == {
        "Confidence": 99.0,
        "Value": True,
    }
    face_box, person_box = cover["BoundingBox"], persons[0]["BoundingBox"]
    assert (
        person_box["Left"] <= face_box["Left"]
        and face_box["Left"] + face_box["Width"] <= person_box["Left"] + person_box["Width"]
    )
    helmet = {p["Name"]: p for p in persons[1]["BodyParts"]}["HEAD"]["EquipmentDetections"][0]
    assert helmet["CoversBodyPart"]["Value"] is False

    def summary(min_confidence: float, *required: str) -> dict[str, list[int]]:
        result = rekognition.detect_protective_equipment(
            Image={"Bytes": SCENE},
            SummarizationAttributes={
                "MinConfidence": min_confidence,
                "RequiredEquipmentTypes": list(required),
            },
        )
        return dict(result["Summary"])

    assert summary(80, "FACE_COVER") == {
        "PersonsWithRequiredEquipment": [0],
        "PersonsWithoutRequiredEquipment": [1],
        "PersonsIndeterminate": [2],
    }
    # person 1 wears a head cover that does not cover the head: without
    assert summary(80, "HEAD_COVER")["PersonsWithoutRequiredEquipment"] == [1]
    # person 1 has no hands detected: indeterminate for hand covers
    assert summary(80, "HAND_COVER") == {
        "PersonsWithRequiredEquipment": [0],
        "PersonsWithoutRequiredEquipment": [],
        "PersonsIndeterminate": [1, 2],
    }
    # every type when none is named
    assert summary(80)["PersonsWithRequiredEquipment"] == [0]
    # person 2 (confidence 40) counts once MinConfidence is lower; it has nothing on
    assert summary(30, "FACE_COVER")["PersonsWithoutRequiredEquipment"] == [1, 2]


def test_detect_protective_equipment_defaults_and_errors(rekognition: Any) -> None:
    response = rekognition.detect_protective_equipment(Image={"Bytes": make_face_image("a")})
    [person] = response["Persons"]
    assert [p["Name"] for p in person["BodyParts"]] == ["FACE", "HEAD"]
    assert all(p["EquipmentDetections"] == [] for p in person["BodyParts"])
    assert (
        rekognition.detect_protective_equipment(Image={"Bytes": make_blank_image()})["Persons"]
        == []
    )
    assert (
        error_code(rekognition.detect_protective_equipment, Image={"Bytes": b"nope"})
        == "InvalidImageFormatException"
    )
    assert (
        error_code(
            rekognition.detect_protective_equipment,
            Image={"Bytes": make_face_image("a")},
            SummarizationAttributes={"MinConfidence": 120.0, "RequiredEquipmentTypes": []},
        )
        == "ValidationException"
    )


# --- DetectCustomLabels -----------------------------------------------------------------------
def test_detect_custom_labels_needs_a_running_project_version(
    rekognition: Any, emulator: LocalRekognition
) -> None:
    image = {"Bytes": SCENE}
    assert (
        error_code(rekognition.detect_custom_labels, ProjectVersionArn=ARN, Image=image)
        == "ResourceNotFoundException"
    )
    set_project_version_status(emulator, ARN, "TRAINING_COMPLETED")
    set_project_version_status(emulator, OTHER_ARN, "RUNNING")
    assert (
        error_code(rekognition.detect_custom_labels, ProjectVersionArn=ARN, Image=image)
        == "ResourceNotReadyException"
    )
    set_project_version_status(emulator, ARN, "RUNNING")
    response = rekognition.detect_custom_labels(ProjectVersionArn=ARN, Image=image)
    assert names(response["CustomLabels"]) == [
        "Widget",
        "Scratch",
    ]  # Dent < 50, Alien: other project
    assert response["CustomLabels"][0]["Geometry"]["BoundingBox"] == {
        "Width": 0.3,
        "Height": 0.4,
        "Left": 0.1,
        "Top": 0.1,
    }
    assert len(response["CustomLabels"][0]["Geometry"]["Polygon"]) == 4
    assert "Geometry" not in response["CustomLabels"][1]
    assert names(
        rekognition.detect_custom_labels(ProjectVersionArn=ARN, Image=image, MinConfidence=10)[
            "CustomLabels"
        ]
    ) == ["Widget", "Scratch", "Dent"]
    assert names(
        rekognition.detect_custom_labels(ProjectVersionArn=ARN, Image=image, MaxResults=1)[
            "CustomLabels"
        ]
    ) == ["Widget"]
    assert names(
        rekognition.detect_custom_labels(ProjectVersionArn=OTHER_ARN, Image=image)["CustomLabels"]
    ) == ["Alien", "Scratch"]
    assert (
        error_code(rekognition.detect_custom_labels, ProjectVersionArn=ARN, Image={"Bytes": b"bad"})
        == "InvalidImageFormatException"
    )


# --- the typed client -------------------------------------------------------------------------
@pytest.fixture
def rk(emulator: LocalRekognition) -> Iterator[Rekognition]:
    session = boto3.Session(**DUMMY_CREDENTIALS, region_name="us-east-1")
    client = Rekognition(session=session)
    emulator.attach(client.client)
    yield client


def test_typed_client_image_operations(rk: Rekognition, emulator: LocalRekognition) -> None:
    labels = rk.detect_labels(
        image=SCENE, features=["GENERAL_LABELS", "IMAGE_PROPERTIES"], min_confidence=60
    )
    dog = next(label for label in labels.labels if label.name == "Dog")
    assert [p.name for p in dog.parents] == ["Animal", "Canine", "Mammal", "Pet"]
    assert dog.instances[0].bounding_box is not None and dog.instances[0].bounding_box.width == 0.3
    assert labels.image_properties is not None and labels.image_properties.foreground is not None
    moderation = rk.detect_moderation_labels(image=SCENE)
    assert {m.name for m in moderation.moderation_labels} >= {"Smoking", "Weapons"}
    assert moderation.content_types[0].name == "Animated"
    compared = rk.compare_faces(
        source_image=make_face_image("zoe"), target_image=make_scene(["zoe", "yan"])
    )
    assert len(compared.face_matches) == 1 and len(compared.unmatched_faces) == 1
    celebrities = rk.recognize_celebrities(image=SCENE)
    zed = celebrities.celebrity_faces[0]
    assert zed.name == "Zed Star" and zed.known_gender is not None
    info = rk.get_celebrity_info(id=zed.id or "")
    assert info.name == "Zed Star"
    with pytest.raises(ResourceNotFoundException):
        rk.get_celebrity_info(id="unknown42")
    ppe = rk.detect_protective_equipment(
        image=SCENE,
        summarization_attributes={"MinConfidence": 80, "RequiredEquipmentTypes": ["FACE_COVER"]},
    )
    assert ppe.summary is not None and ppe.summary.persons_with_required_equipment == [0]
    with pytest.raises(InvalidParameterException):
        rk.compare_faces(source_image=make_blank_image(), target_image=make_face_image("a"))
    with pytest.raises(ResourceNotFoundException):
        rk.detect_custom_labels(project_version_arn=ARN, image=SCENE)
    set_project_version_status(emulator, ARN, "STOPPED")
    with pytest.raises(ResourceNotReadyException):
        rk.detect_custom_labels(project_version_arn=ARN, image=SCENE)
    set_project_version_status(emulator, ARN, "RUNNING")
    custom = rk.detect_custom_labels(project_version_arn=ARN, image=SCENE)
    assert [c.name for c in custom.custom_labels] == ["Widget", "Scratch"]


def test_recognised_celebrities_survive_a_restart(tmp_path: Any) -> None:
    data = tmp_path / "state.db"
    with LocalRekognition(data=data) as first:
        zed = first.call("RecognizeCelebrities", Image={"Bytes": SCENE})["CelebrityFaces"][0]
    with LocalRekognition(data=data) as second:
        assert second.call("GetCelebrityInfo", Id=zed["Id"])["Name"] == "Zed Star"


def test_jpeg_scenes_declare_the_same_content(rekognition: Any) -> None:
    jpeg = make_scene(
        ["amy"],
        labels=["Cat"],
        moderation=["Alcohol Use"],
        celebrities=["Grace Hopper"],
        custom_labels=["Widget"],
        format="JPEG",
    )
    labels = names(rekognition.detect_labels(Image={"Bytes": jpeg})["Labels"])
    assert labels == ["Animal", "Cat", "Mammal", "Pet"]
    moderation = rekognition.detect_moderation_labels(Image={"Bytes": jpeg})["ModerationLabels"]
    assert names(moderation) == ["Alcohol", "Alcohol Use"]
    celebrities = rekognition.recognize_celebrities(Image={"Bytes": jpeg})
    assert [c["Name"] for c in celebrities["CelebrityFaces"]] == ["Grace Hopper"]
    assert len(celebrities["UnrecognizedFaces"]) == 1
    assert len(rekognition.detect_faces(Image={"Bytes": jpeg})["FaceDetails"]) == 2


@pytest.mark.parametrize(
    ("kind", "declaration"),
    [
        ("labels", {"labels": [{"confidence": 90}]}),
        ("labels", {"labels": [{"name": "Dog", "confidence": 101}]}),
        ("moderation", {"moderation": [{"name": ""}]}),
        ("celebrities", {"celebrities": [{"name": "X", "gender": "Robot"}]}),
        ("celebrities", {"celebrities": [{"name": "X", "id": "not alnum!"}]}),
        ("ppe", {"ppe": [{"body_parts": {"FACE": ["VISOR"]}}]}),
        ("ppe", {"ppe": [{"body_parts": {"TAIL": []}}]}),
        ("custom_labels", {"custom_labels": [{"name": "W", "box": {"Left": 0, "Top": 0}}]}),
    ],
)
def test_malformed_declarations_are_invalid_parameters(
    rekognition: Any, kind: str, declaration: dict[str, Any]
) -> None:
    image = make_scene(**declaration)
    operation = {
        "labels": rekognition.detect_labels,
        "moderation": rekognition.detect_moderation_labels,
        "celebrities": rekognition.recognize_celebrities,
        "ppe": rekognition.detect_protective_equipment,
        "custom_labels": rekognition.detect_faces,
    }[kind]
    assert error_code(operation, Image={"Bytes": image}) == "InvalidParameterException"
