"""Ceiling run (bench/run.py --ceiling): as many requests as two gunicorn workers can answer,
with no think time, for one target at a time (BENCH_CEILING_TARGET):

* floor: the cheapest authenticated page (login check, no template);
* base: the site's base page with an empty body;
* walk: the walk mix, a casemanager's own concept case step by step (Afwegen per theme).
"""

import itertools
import os
import random
import re

from locust import HttpUser, constant, task

PASSWORD = "bench-wachtwoord-2026"  # noqa: S105 - seeded bench users only
USERNAMES = [f"bench{team}-{index}" for team in range(1, 9) for index in range(1, 5)]
CASE_LINK = re.compile(r'href="/casussen/(\d+)/"')
THEME_LINK = re.compile(r'href="(/casussen/\d+/afwegen/\d+/thema/[a-z0-9_-]+/)"')
TARGET = os.environ.get("BENCH_CEILING_TARGET", "walk")


class Saturating(HttpUser):
    wait_time = constant(0)

    def on_start(self):
        self.client.get("/inloggen/", name="login page")
        self.client.post("/inloggen/", {
            "username": random.choice(USERNAMES),  # noqa: S311
            "password": PASSWORD, "csrfmiddlewaretoken": self.client.cookies.get("csrftoken"),
        }, name="login")
        page = self.client.get("/casussen/?status=concept", name="case list").text
        case = random.choice(CASE_LINK.findall(page)[:10])  # noqa: S311
        themes = THEME_LINK.findall(self.client.get(f"/casussen/{case}/afwegen/",
                                                    name="walk: afwegen").text)
        steps = [f"/casussen/{case}/{step}/" for step in ("casus", "signalen", "verkennen")]
        steps += list(dict.fromkeys(themes))[:5] + [f"/casussen/{case}/besluit/"]
        self.walk = itertools.cycle(steps)

    @task
    def request(self):
        if TARGET == "floor":
            self.client.get("/bench/floor/", name="floor")
        elif TARGET == "base":
            self.client.get("/bench/base/", name="base page")
        else:
            self.client.get(next(self.walk), name="walk mix")
