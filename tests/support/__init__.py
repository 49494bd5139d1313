"""Helpers the tests share (imported as ``support.<module>``; tests never import each other)."""
