"""KHTH — Kế hoạch – tổng hợp về công tác Đảng, công tác chính trị:
planning and synthesis of Party and political work."""

__version__ = "0.1.0"
