"""Curso NLP: the helpers the course notebooks import."""
from .course import Course, SetupError, setup

__all__ = ["Course", "SetupError", "setup"]
