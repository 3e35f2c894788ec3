"""Ceiling run (bench/run.py --ceiling): as many requests as two gunicorn workers can answer,
with no think time, for one target at a time (BENCH_CEILING_TARGET):

* floor: the cheapest authenticated page (login check, no template);
* base: the site's base page with an empty body;
* walk: the walk mix, a casemanager's own concept case step by step (Afwegen per theme);
  from the second round on its pages are served kept (cases.page_cache);
* editing: the same walk with an autosave (the case's title) before every page, so every page
  is rendered anew, as the first view after a change is; the similar decisions beside it stay
  kept (the title is not what they are found from). Its pages and its autosaves are counted
  apart ("walk mix (editing)", "autosave").
"""

import itertools
import os
import random

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
        self.case = case
        self.version = self.read_version()

    def read_version(self):
        return walk.VERSION.search(self.client.get(f"/casussen/{self.case}/casus/",
                                                   name="casus").text)[1]

    @task
    def request(self):
        if TARGET == "floor":
            self.client.get("/bench/floor/", name="floor")
        elif TARGET == "base":
            self.client.get("/bench/base/", name="base page")
        elif TARGET == "editing":
            saved = self.client.post(
                f"/casussen/{self.case}/casus/",
                {"title": f"Titel {random.random()}", "version": self.version},  # noqa: S311
                headers={"HX-Request": "true", "HX-Trigger-Name": "title",
                         "X-CSRFToken": self.client.cookies.get("csrftoken", "")},
                name="autosave")
            found = walk.VERSION.search(saved.text)
            # another user saved this case first: read its version again
            self.version = found[1] if saved.status_code == 200 and found else self.read_version()
            self.client.get(next(self.walk), name="walk mix (editing)")
        else:
            self.client.get(next(self.walk), name="walk mix")
