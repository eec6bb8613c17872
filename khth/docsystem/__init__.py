"""The document system (Quy định hệ thống văn kiện) as one room: ``records`` (record books, typed
documents, what a unit must hold) and ``register`` (the outgoing and incoming registers, numbers,
secrecy). They are two Django apps only because their tables and migration histories carry those
labels; in code they are one domain whose halves read each other — a typed document is printed
with the number the register gave it, the register registers typed documents, and compliance
counts both (docs/architecture.md)."""
