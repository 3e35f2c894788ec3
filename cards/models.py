"""The card book *Helder denken over maatwerk* as data.

CardSet (a version of the book) → Card (one of six kinds) → Section (column, theme, phase,
step or audience) → Cluster (a heading; for arguments with a stance) → Item (one sentence).

Card content is verbatim from the booklet and immutable once a case refers to its card set:
a change is a new CardSet version, and cases keep the version they used. Teams may add
their own items (TeamItem); those are always shown as an own addition, never mixed into
the booklet's text.
"""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class CardKind(models.TextChoices):
    SIGNALEN = "signalen", _("Signalenkaart")
    ARGUMENTEN = "argumenten", _("Argumentenkaart")
    VRAGEN = "vragen", _("Vragenkaart")
    VRAGEN_BELEID = "vragen_beleid", _("Vragenkaart beleid")
    VRAGEN_MAATWERK = "vragen_maatwerk", _("Vragenkaart maatwerk")
    LESSEN = "lessen", _("Lessenkaart")


class Stance(models.TextChoices):
    VOOR = "voor", _("Voor")
    TEGEN = "tegen", _("Tegen")


class CardSetLocked(ValidationError):
    pass


class CardSetQuerySet(models.QuerySet):
    def active(self):
        return self.get(is_active=True)


class CardSet(models.Model):
    """One version of the card book."""

    uid = models.UUIDField(_("kenmerk"), default=uuid.uuid4, unique=True, editable=False)
    version = models.CharField(_("versie"), max_length=40, unique=True)
    title = models.CharField(_("titel"), max_length=200)
    subtitle = models.CharField(_("ondertitel"), max_length=300, blank=True)
    authors = models.CharField(_("auteurs"), max_length=300)
    publisher = models.CharField(_("uitgever"), max_length=200)
    commissioned_by = models.CharField(_("in opdracht van"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("jaar"))
    licence = models.CharField(_("licentie"), max_length=100)
    licence_url = models.URLField(_("licentie-URL"), blank=True)
    is_active = models.BooleanField(_("actief"), default=False)
    imported_at = models.DateTimeField(_("ingelezen op"), auto_now_add=True)

    objects = CardSetQuerySet.as_manager()

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("kaartenset")
        verbose_name_plural = _("kaartensets")
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"], condition=models.Q(is_active=True), name="one_active_cardset"
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.version})"

    _content_fields = ("version", "title", "subtitle", "authors", "publisher",
                       "commissioned_by", "year", "licence", "licence_url")

    def save(self, *args, **kwargs):
        if self.pk is not None:
            stored = CardSet.objects.filter(pk=self.pk).values(*self._content_fields).first()
            if stored and any(stored[f] != getattr(self, f) for f in self._content_fields):
                self.check_unlocked()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self.check_unlocked()
        return super().delete(*args, **kwargs)

    @property
    def attribution(self):
        """Short attribution line shown wherever cards are shown or exported."""
        surnames = " & ".join(name.split()[-1] for name in self.authors.split(", "))
        parts = [surnames, self.publisher]
        if self.commissioned_by:
            parts.append(f"in opdracht van {self.commissioned_by}")
        parts += [str(self.year), self.licence]
        return ", ".join(parts)

    def is_in_use(self):
        return self.pk is not None and (self.cases.exists()
                                        or self.policy_questions.exists())

    def check_unlocked(self):
        if self.is_in_use():
            raise CardSetLocked(
                _("Deze kaartenset is in gebruik door afwegingen en kan niet meer wijzigen. "
                  "Importeer een nieuwe versie.")
            )


class LockedContent(models.Model):
    """Base for card content: refuses changes once the card set is in use."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self._card_set().check_unlocked()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._card_set().check_unlocked()
        return super().delete(*args, **kwargs)

    def _card_set(self):
        raise NotImplementedError


class Card(LockedContent):
    card_set = models.ForeignKey(CardSet, on_delete=models.CASCADE, related_name="cards")
    kind = models.CharField(max_length=20, choices=CardKind.choices)
    order = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    audience = models.CharField(max_length=200, blank=True)
    question = models.CharField(_("centrale vraag"), max_length=300)
    purpose = models.TextField(blank=True)
    explanation = models.TextField(_("toelichting"), blank=True)

    class Meta:
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["card_set", "kind"], name="unique_card_kind")
        ]

    def __str__(self):
        return self.title

    def _card_set(self):
        return self.card_set

    def explanation_paragraphs(self):
        return [p for p in self.explanation.split("\n\n") if p]


class Section(LockedContent):
    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["card", "key"], name="unique_section_key")
        ]

    def __str__(self):
        return self.title

    def _card_set(self):
        return self.card.card_set


class Cluster(LockedContent):
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="clusters")
    key = models.CharField(max_length=40)
    heading = models.CharField(max_length=300)
    stance = models.CharField(_("voor of tegen"), max_length=5, choices=Stance.choices,
                              blank=True)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["order"]

    def __str__(self):
        return self.heading

    def _card_set(self):
        return self.section.card.card_set


class Item(LockedContent):
    """One sentence of the booklet: a signal, argument, question or lesson."""

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="items")
    key = models.CharField(max_length=40)
    text = models.TextField()
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["order"]

    def __str__(self):
        return self.text

    def _card_set(self):
        return self.cluster.section.card.card_set


class Definition(LockedContent):
    """Reference text from the booklet (pp. 6–7): service types, terms, fixen vs solven."""

    card_set = models.ForeignKey(CardSet, on_delete=models.CASCADE, related_name="definitions")
    key = models.CharField(max_length=60)
    term = models.CharField(max_length=200)
    text = models.TextField()
    share = models.CharField(max_length=40, blank=True)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["order"]

    def __str__(self):
        return self.term

    def _card_set(self):
        return self.card_set


class TeamItem(models.Model):
    """A team's own addition to a card (e.g. a team-specific signal).

    Anchored by card kind and section key (not by a row of a card-set version), so it stays
    when a new version of the book is imported. Always shown as an own addition."""

    team = models.ForeignKey("accounts.Team", on_delete=models.CASCADE, related_name="own_items")
    kind = models.CharField(
        _("kaart"), max_length=20,
        choices=[(CardKind.SIGNALEN, CardKind.SIGNALEN.label),
                 (CardKind.ARGUMENTEN, CardKind.ARGUMENTEN.label)],
    )
    section_key = models.CharField(
        _("kolom of thema"), max_length=40,
        help_text=_("Signalen: inwoner of uitvoerder. Argumenten: welzijn, bestuur, "
                    "uitvoering, financien of principes."),
    )
    stance = models.CharField(_("voor of tegen"), max_length=5, choices=Stance.choices,
                              blank=True)
    text = models.CharField(_("tekst"), max_length=300)
    is_active = models.BooleanField(_("actief"), default=True)
    created_at = models.DateTimeField(_("toegevoegd op"), auto_now_add=True)

    class Meta:
        ordering = ["kind", "section_key", "created_at"]
        verbose_name = _("eigen aanvulling van een team")
        verbose_name_plural = _("eigen aanvullingen van teams")

    def __str__(self):
        return self.text

    def clean(self):
        valid = {
            CardKind.SIGNALEN: {"inwoner", "uitvoerder"},
            CardKind.ARGUMENTEN: {"welzijn", "bestuur", "uitvoering", "financien", "principes"},
        }
        if self.section_key not in valid.get(self.kind, set()):
            raise ValidationError({"section_key": _("Kies een kolom of thema van deze kaart.")})
        if self.kind == CardKind.ARGUMENTEN and not self.stance:
            raise ValidationError({"stance": _("Kies of dit een argument voor of tegen is.")})
        if self.kind == CardKind.SIGNALEN and self.stance:
            raise ValidationError({"stance": _("Een signaal heeft geen voor of tegen.")})
