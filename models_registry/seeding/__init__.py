"""Data for `make run`, tests and benchmarks. Imports run one way, from the leaves up:

- leaves (models and services only): ``reference`` (fields, the phase), ``users`` (demo logins), ``texts``
  (vocabulary), ``timeline`` (a generated practice's dates), ``demo_catalogue`` (what the demo practices are);
- ``backdating`` (moves the demo story back to its dates) uses ``timeline``;
- ``demo`` (Hải Dương practices through the real services, ``seed_demo``) and ``national`` (the national unit tree
  and synthetic practices by COPY, ``seed_scale``) use the above and never each other; ``demo`` ends with
  ``reform`` (the reform applied, the new logins);
- ``today`` (Hải Phòng's practices after the reform, through ``demo``'s seeder) comes last, after ``seed_demo``.
"""
