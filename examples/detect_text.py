"""DetectText: LINE and WORD detections, joined into lines with their words."""

from _offline import client

from rekog.local import make_scene
from rekog.results import text_lines

rk, _ = client()
sign = make_scene(faces=[], text=["NO PARKING", "TOW AWAY ZONE"])
result = rk.detect_text(image=sign)
for line in text_lines(result.text_detections):
    assert line.line.geometry is not None and line.line.geometry.bounding_box is not None
    print(
        f"{line.text!r} at top={line.line.geometry.bounding_box.top:.2f}: {[w.detected_text for w in line.words]}"
    )
