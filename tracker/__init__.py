"""tracker (政策目标追踪): quantified policy commitments, read from Chinese texts and followed to completion."""

__version__ = "0.1.0"
