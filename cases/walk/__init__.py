"""The deliberation walk: Casus → Signalen → Verkennen → Afwegen → Besluit → Na het besluit.

One module per step (``casus``, ``signalen``, ``verkennen``, ``afwegen``, ``besluit``, ``na``),
matching the ``templates/cases/step_*.html`` templates; ``common`` holds what they share and
``urls`` maps them. Each step view gets the case loaded for the user (``cases.access``).
GET shows the step; a plain POST saves the whole step (works without JavaScript) and
redirects back; an htmx POST saves the one field named by HX-Trigger-Name and answers with
that field's status line (``cases.autosave``), never with the field itself.

Other apps never import from this package: shared helpers live in ``cases.access``,
``cases.autosave`` and ``cases.services``.
"""
