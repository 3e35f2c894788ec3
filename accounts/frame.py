"""The Vóór answers beside a walk: the team's (from its teamleider) and the user's own
("mijn uitgangspositie"). Only answered questions are shown, grouped by their cluster; a
cluster without answers is left out, so nobody reads empty boxes."""

from dataclasses import dataclass

from cards.models import CardKind
from cards.services import card_view

from .models import PersonalFrameAnswer, TeamFrameAnswer, is_personal_question


@dataclass
class AnsweredCluster:
    heading: str
    answers: list  # (question text, answer text)


def _answered(clusters, texts):
    shown = []
    for cluster in clusters:
        answers = [(item.text, texts[item.key]) for item in cluster.items.all()
                   if texts.get(item.key)]
        if answers:
            shown.append(AnsweredCluster(cluster.heading, answers))
    return shown


def frame_beside_walk(card_set, team_id, user):
    """(team clusters, own clusters) with their answered questions, for ``card_set``'s Vóór
    section. Two queries for the answers; the card comes from card_view's cache."""
    team = {a.question_key: a.text for a in TeamFrameAnswer.objects.filter(team=team_id)
            if a.text and not is_personal_question(a.question_key)}
    own = {a.question_key: a.text for a in PersonalFrameAnswer.objects.filter(user=user)
           if a.text}
    if not team and not own:
        return [], []
    section = next(s for s in card_view(card_set, CardKind.VRAGEN).sections if s.key == "voor")
    clusters = list(section.clusters.all())
    return (_answered([c for c in clusters if not is_personal_question(c.key)], team),
            _answered([c for c in clusters if is_personal_question(c.key)], own))
