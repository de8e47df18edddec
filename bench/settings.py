"""The portal's settings plus stock Django admin for the benchmark's side-by-side comparison."""

from invekst.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
