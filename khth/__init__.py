"""KHTH — Kế hoạch – Tổng hợp: planning and synthesis of Party and political work."""

__version__ = "0.1.0"
