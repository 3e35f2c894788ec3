"""Load run (bench/run.py): simulated casemanagers doing the walk against gunicorn.

Each simulated user logs in as one of the seeded casemanagers, opens one of their own
concept cases and walks its steps page by page, autosaving as it goes. Between two requests
it waits 1–3 s (a real casemanager reads and types for much longer on every page)."""

import itertools
import os
import random
import re

from locust import HttpUser, between, task

PASSWORD = "bench-wachtwoord-2026"  # noqa: S105 - seeded bench users only
# Set by bench/run.py: the seeded casemanagers (how many teams depends on the size).
USERNAMES = os.environ.get("BENCH_USERS", "bench1-1").split(",")
CASE_LINK = re.compile(r'href="/casussen/(\d+)/"')
VERSION = re.compile(r'name="version" id="version" value="(\d+)"')
STEPS = ["casus", "signalen", "verkennen", "afwegen", "besluit"]
THEME_LINK = re.compile(r'href="(/casussen/\d+/afwegen/\d+/thema/[a-z0-9_-]+/)"')


def own_concept_case(client):
    """Log in as one of the seeded casemanagers; the id of one of their concept cases."""
    client.get("/inloggen/", name="login page")
    client.post("/inloggen/", {
        "username": random.choice(USERNAMES),  # noqa: S311
        "password": PASSWORD, "csrfmiddlewaretoken": client.cookies.get("csrftoken"),
    }, name="login")
    page = client.get("/casussen/?status=concept", name="case list").text
    return random.choice(CASE_LINK.findall(page)[:10])  # noqa: S311


class Casemanager(HttpUser):
    wait_time = between(1, 3)

    def on_start(self):
        self.case = own_concept_case(self.client)
        self.steps = itertools.cycle(STEPS)
        self.version = None
        self.themes = None

    @task(10)
    def next_step(self):
        step = next(self.steps)
        if step == "afwegen" and self.themes:
            # Afwegen is one theme per page: a casemanager moves through the themes by their
            # tabs, so the step URL's redirect (and its extra logboek entry) happens once.
            self.client.get(next(self.themes), name="walk: afwegen (one theme)")
            return
        response = self.client.get(f"/casussen/{self.case}/{step}/", name=f"walk: {step}")
        if step == "casus":
            found = VERSION.search(response.text)
            self.version = found.group(1) if found else None
        if step == "afwegen":
            themes = list(dict.fromkeys(THEME_LINK.findall(response.text)))
            self.themes = itertools.cycle(themes) if themes else None

    @task(3)
    def autosave(self):
        if self.version is None:
            return
        with self.client.post(
            f"/casussen/{self.case}/casus/",
            {"buikpijn": f"Aangevuld {random.random()}", "version": self.version},  # noqa: S311
            headers={"HX-Request": "true", "HX-Trigger-Name": "buikpijn",
                     "X-CSRFToken": self.client.cookies.get("csrftoken", "")},
            name="autosave", catch_response=True,
        ) as response:
            found = VERSION.search(response.text)
            if found:
                self.version = found.group(1)
            if response.status_code == 409:  # a colleague saved first: a real outcome
                response.success()

    @task(1)
    def team_list(self):
        self.client.get("/casussen/team/", name="case list (team)")
