"""Ceiling run (bench/run.py --ceiling): as many requests as two gunicorn workers can answer,
with no think time, for one target at a time (BENCH_CEILING_TARGET):

* floor: the cheapest authenticated page (login check, no template);
* base: the site's base page with an empty body;
* walk: the walk mix, a casemanager's own concept case step by step (Afwegen per theme).
"""

import itertools
import os

import locustfile as walk  # the module, not its user class: locust runs only this file's
from locust import HttpUser, constant, task

TARGET = os.environ.get("BENCH_CEILING_TARGET", "walk")


class Saturating(HttpUser):
    wait_time = constant(0)

    def on_start(self):
        case = walk.own_concept_case(self.client)
        themes = walk.THEME_LINK.findall(self.client.get(f"/casussen/{case}/afwegen/",
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
