"""Data for `make run`, tests and benchmarks. Imports run one way:

``reference`` (fields, phase), ``users`` (demo logins), ``texts`` (vocabulary) and ``timeline`` (a practice's
dates) import only models and services; ``demo`` (Hải Dương practices through the real services) and ``national``
(the national unit tree and synthetic practices by COPY) import those and never each other.
"""
