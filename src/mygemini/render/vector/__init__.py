"""Built-in vector renderer: an illustrated bust portrait from catalog parameters, no weights."""

from .renderer import MODEL, VectorRenderer, build_svg

__all__ = ["MODEL", "VectorRenderer", "build_svg"]
