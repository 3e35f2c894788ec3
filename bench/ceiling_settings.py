"""The app's settings with the bench's reference pages (bench/floor_urls.py) added, for the
ceiling run's gunicorn (bench/run.py --ceiling). Never used by the app itself."""

from maatwerk.settings import *  # noqa: F403

ROOT_URLCONF = "bench.floor_urls"
